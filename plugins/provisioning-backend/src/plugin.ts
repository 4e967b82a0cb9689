import { readEnvironments as readPortalEnvironments } from '@internal/environments';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { provisioningPermissions } from '@internal/plugin-provisioning-common';
import {
  ProvisioningEngine,
  provisioningEnginesExtensionPoint,
} from '@internal/plugin-provisioning-node';
import {
  readEngineSettings,
  readEnvironments,
  readGrantTemplates,
  readGrantTtlMs,
  readNamespaces,
  readStackVariables,
  terraformCloudEngineFromConfig,
} from './config';
import { createStores } from './database/stores';
import { createProvisioningActions } from './actions/createProvisioningActions';
import { createRouter } from './router';
import { EngineRegistry } from './service/EngineRegistry';
import { ProvisioningService } from './service/ProvisioningService';
import { RunFollower } from './service/RunFollower';
import { approvalNotification } from './service/approvalNotification';
import { notificationService } from '@backstage/plugin-notifications-node';
import { ScaffolderTaskLookup } from './service/ScaffolderTaskLookup';
import { GitHubWriter } from '@internal/plugin-deployments-node';
import { OutputRecorder } from './service/outputs/OutputRecorder';
import { SyncReleaser } from './service/outputs/SyncReleaser';

const TASK_ID = 'provisioning-follow-runs';

/**
 * The provisioning backend plugin: requests service tiers from Terraform
 * Cloud (or another engine), follows the runs and serves them to the
 * Infrastructure tab.
 */
export const provisioningPlugin = createBackendPlugin({
  pluginId: 'provisioning',
  register(env) {
    const addedEngines: ProvisioningEngine[] = [];
    env.registerExtensionPoint(provisioningEnginesExtensionPoint, {
      addEngine(engine) {
        addedEngines.push(engine);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        permissions,
        permissionsRegistry,
        auditor,
        auth,
        discovery,
        httpAuth,
        httpRouter,
        catalog,
        actionsRegistry,
        notifications,
      }) {
        permissionsRegistry.addPermissions(provisioningPermissions);

        const engines = new EngineRegistry(readEngineSettings(config));
        const tfc = terraformCloudEngineFromConfig(config, logger);
        if (tfc) engines.add(tfc);
        addedEngines.forEach(engine => engines.add(engine));
        try {
          engines.assertConfigured();
        } catch (error) {
          // Reading stays possible; requests for that engine fail with a 400.
          logger.warn(`Provisioning is not fully configured: ${error}`);
        }

        const {
          runs: store,
          bindings,
          grants,
        } = await createStores({
          database,
        });
        // The portal's environments: which are production, and their order.
        const environmentModel = readPortalEnvironments(config);
        const outputs =
          config.getOptionalBoolean('provisioning.outputs.record') === false
            ? undefined
            : new OutputRecorder({
                store,
                catalog,
                auth,
                auditor,
                logger: logger.child({ task: 'provisioning-outputs' }),
                writer: GitHubWriter.fromConfig(config),
                sync: SyncReleaser.fromConfig(config),
                valuesFile: config.getOptionalString(
                  'provisioning.outputs.valuesFile',
                ),
                environments: environmentModel,
              });
        // Who may approve learns that a run waits (production: the portal
        // policy's production groups).
        const productionGroups = config.getOptionalStringArray(
          'permission.portal.production.allowedGroups',
        ) ?? ['group:default/sre'];
        const follower = new RunFollower({
          store,
          engines,
          logger,
          outputs,
          onAwaitingApproval: run =>
            notifications.send(
              approvalNotification(run, productionGroups, environmentModel),
            ),
        });
        const frequency = config.has('provisioning.followFrequency')
          ? readDurationFromConfig(
              config.getConfig('provisioning.followFrequency'),
            )
          : { seconds: 5 };
        await scheduler.scheduleTask({
          id: TASK_ID,
          frequency,
          timeout: { minutes: 5 },
          initialDelay: { seconds: 5 },
          // One replica at a time; the runs' leases guard the rest.
          scope: 'global',
          fn: async () => {
            await follower.tick();
          },
        });

        const service = new ProvisioningService({
          store,
          bindings,
          grants,
          engines,
          catalog,
          permissions,
          auditor,
          auth,
          logger,
          environments: readEnvironments(config),
          environmentModel,
          variables: readStackVariables(config, logger),
          tasks: new ScaffolderTaskLookup({ discovery, auth }),
          namespaces: readNamespaces(config),
          grantTtlMs: readGrantTtlMs(config),
          grantTemplates: readGrantTemplates(config),
          // Look at a run that just moved without waiting for the next tick.
          onRunChanged: () => {
            scheduler.triggerTask(TASK_ID).catch(() => {
              // Already running: that pass or the next one picks it up.
            });
          },
        });
        httpRouter.use(await createRouter({ httpAuth, service }));
        createProvisioningActions({ registry: actionsRegistry, service });
      },
    });
  },
});
