import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { deploymentsPermissions } from '@internal/plugin-deployments-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { createDeploymentsActions } from './actions/createDeploymentsActions';
import { createRouter } from './router';
import { createDeployments } from './service/createDeployments';

/**
 * The deployments backend plugin: Argo CD applications joined to the
 * catalog, canary state, and audited, permission-checked actions.
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        cache: coreServices.cache,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        scheduler: coreServices.scheduler,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init({
        httpAuth,
        httpRouter,
        permissionsRegistry,
        lifecycle,
        actionsRegistry,
        scheduler,
        ...deps
      }) {
        const {
          config,
          instances,
          join,
          entities,
          actions,
          creator,
          claims,
          promotions,
          recorder,
          dora,
        } = await createDeployments(deps);
        if (config.instances.length === 0) {
          deps.logger.warn(
            'No Argo CD instances configured (deployments.argocd.instances): the Deployments page will be empty',
          );
        }
        permissionsRegistry.addPermissions(deploymentsPermissions);
        // Applies deployments.adopt once the backend is up; Argo CD may not
        // answer yet, and every read, create and claim applies it again.
        lifecycle.addStartupHook(() => {
          // One list per Argo CD instance, then its watch stream.
          instances.start();
          join
            .adopt()
            .catch(error =>
              deps.logger.warn(
                `Could not apply deployments.adopt at start: ${error}`,
              ),
            );
        });
        lifecycle.addShutdownHook(() => instances.stop());
        // The deployment records (release timeline, DORA) follow Argo CD
        // even when nobody looks; one replica sweeps at a time.
        await scheduler.scheduleTask({
          id: 'deployments-record-releases',
          frequency: { seconds: 10 },
          timeout: { minutes: 5 },
          initialDelay: { seconds: 15 },
          scope: 'global',
          fn: async () => {
            await recorder.sweep();
          },
        });
        httpRouter.use(
          createRouter({
            httpAuth,
            join,
            entities,
            actions,
            creator,
            claims,
            promotions,
            dora,
          }),
        );
        createDeploymentsActions({
          registry: actionsRegistry,
          join,
          entities,
          actions,
          promotions,
        });
      },
    });
  },
});
