import {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogLocationDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { authorizeOwnLocationDeletion } from './ownLocationDeletion';

/**
 * The handlers `catalogModuleOwnLocations` puts in front of the catalog's
 * `PUT` and `DELETE /locations/:id`; requests they do not take over go on to
 * the catalog (`next()`).
 */
export function createOwnLocationsRouter(options: {
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
}): express.Router {
  const { httpAuth, auth, permissions, auditor, catalog } = options;
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
    return decision.result === AuthorizeResult.ALLOW ? undefined : credentials;
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
  return router;
}
