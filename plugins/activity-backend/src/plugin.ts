import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { activityPermissions } from '@internal/plugin-activity-common';
import { createRouter } from './router';
import { createActivity } from './service/createActivity';

/**
 * The activity backend plugin: stores the audit events the recording
 * auditor (`activityAuditorServiceFactory`) publishes, deletes them after
 * the retention, and serves them to readers.
 */
export const activityPlugin = createBackendPlugin({
  pluginId: 'activity',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        events: eventsServiceRef,
      },
      async init({ httpAuth, httpRouter, permissionsRegistry, ...deps }) {
        const { reader, cleaner } = await createActivity(deps);
        permissionsRegistry.addPermissions(activityPermissions);
        await cleaner.schedule(deps.scheduler);
        httpRouter.use(createRouter({ httpAuth, reader }));
      },
    });
  },
});
