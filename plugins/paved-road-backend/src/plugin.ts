import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { pavedRoadPermissions } from '@internal/plugin-paved-road-common';
import { createRouter } from './router';
import { createPavedRoad } from './service/createPavedRoad';

/**
 * The paved-road backend plugin: how every service made from a template
 * stands against its current version, and upgrade pull requests.
 */
export const pavedRoadPlugin = createBackendPlugin({
  pluginId: 'paved-road',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        urlReader: coreServices.urlReader,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({ httpAuth, httpRouter, permissionsRegistry, ...deps }) {
        const { drift, upgrades } = createPavedRoad(deps);
        permissionsRegistry.addPermissions(pavedRoadPermissions);
        httpRouter.use(createRouter({ httpAuth, drift, upgrades }));
      },
    });
  },
});
