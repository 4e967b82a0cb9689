import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { createOwnLocationsRouter } from './ownLocationsRouter';

/**
 * Lets users unregister the locations they registered (see
 * authorizeOwnLocationDeletion for the rule), through the catalog's own
 * `DELETE /api/catalog/locations/:id`, so the entity page's "Unregister
 * location" works for them as it does for admins; and holds
 * `PUT /api/catalog/locations/:id` (re-target) to the same rule.
 *
 * A module's routes come before its plugin's: this handler sees the request
 * first. Admins (whom the policy allows `catalog.location.delete`) and
 * service calls go on to the catalog's handler unchanged. For anyone else it
 * applies the rule and, if it holds, deletes the location with the backend's
 * own credentials (through the catalog's handler again), auditing who asked.
 */
export const catalogModuleOwnLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'own-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        auth,
        permissions,
        auditor,
        catalog,
      }) {
        httpRouter.use(
          createOwnLocationsRouter({
            httpAuth,
            auth,
            permissions,
            auditor,
            catalog,
          }),
        );
      },
    });
  },
});
