import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogLocationDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Request } from 'express';
import Router from 'express-promise-router';
import { authorizeOwnLocationDeletion } from './ownLocationDeletion';

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
        /** The user's credentials, unless an admin or a service asks. */
        const restrictedUser = async (req: Request) => {
          const credentials = await httpAuth.credentials(req);
          if (!auth.isPrincipal(credentials, 'user')) {
            return undefined;
          }
          const [decision] = await permissions.authorize(
            [{ permission: catalogLocationDeletePermission }],
            { credentials },
          );
          return decision.result === AuthorizeResult.ALLOW
            ? undefined
            : credentials;
        };

        const router = Router();
        // Re-targeting: the catalog's own handler does it, as the user.
        router.put('/locations/:id', async (req, _res, next) => {
          const credentials = await restrictedUser(req);
          if (credentials) {
            await authorizeOwnLocationDeletion(
              { catalog, permissions, auth },
              req.params.id,
              credentials,
              'change',
            );
          }
          next();
        });
        router.delete('/locations/:id', async (req, res, next) => {
          const credentials = await restrictedUser(req);
          if (!credentials) {
            next();
            return;
          }

          const { id } = req.params;
          const auditorEvent = await auditor.createEvent({
            eventId: 'location-delete-by-owner',
            severityLevel: 'medium',
            request: req,
            meta: { id },
          });
          try {
            const location = await authorizeOwnLocationDeletion(
              { catalog, permissions, auth },
              id,
              credentials,
            );
            await catalog.removeLocationById(id, {
              credentials: await auth.getOwnServiceCredentials(),
            });
            await auditorEvent.success({
              meta: { id, target: location.target },
            });
            res.status(204).end();
          } catch (error) {
            await auditorEvent.fail({ error: error as Error });
            throw error;
          }
        });
        httpRouter.use(router);
      },
    });
  },
});
