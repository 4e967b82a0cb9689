import type {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { createOwnLocationsRouter } from './ownLocationsRouter';

const TARGET =
  'http://localhost:7010/acme/cart-probe/blob/main/catalog-info.yaml';

/** Who asks, as the test's `x-as` header says: a user with groups, or a service. */
const principals: Record<string, any> = {
  'sara.kim': {
    type: 'user',
    userEntityRef: 'user:default/sara.kim',
    groups: ['storefront'],
  },
  'lena.fischer': {
    type: 'user',
    userEntityRef: 'user:default/lena.fischer',
    groups: ['payments'],
  },
  'priya.sharma': {
    type: 'user',
    userEntityRef: 'user:default/priya.sharma',
    groups: ['platform-admins'],
  },
  service: { type: 'service', subject: 'plugin:scaffolder' },
};

describe('createOwnLocationsRouter (in front of the catalog)', () => {
  let server: Server;
  let base: string;
  const removed: string[] = [];
  const reachedCatalog: string[] = [];
  const audit: Array<{ eventId: string; outcome: string }> = [];

  beforeAll(async () => {
    const httpAuth = {
      credentials: async (req: express.Request) => ({
        $$type: '@backstage/BackstageCredentials',
        principal: principals[String(req.headers['x-as'])],
      }),
    } as unknown as HttpAuthService;
    const auth = {
      isPrincipal: (c: any, type: string) => c.principal.type === type,
      getOwnServiceCredentials: async () => ({ principal: principals.service }),
    } as unknown as AuthService;
    // As the portal policy: location.delete for admins, entity.delete for owners.
    const permissions = {
      authorize: async (requests: any[], { credentials }: any) =>
        requests.map(r => {
          const groups: string[] = credentials.principal.groups;
          if (groups.includes('platform-admins'))
            return { result: AuthorizeResult.ALLOW };
          if (r.permission.name === 'catalog.entity.delete') {
            return {
              result: groups.includes('storefront')
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            };
          }
          return { result: AuthorizeResult.DENY };
        }),
    } as unknown as PermissionsService;
    const catalog = {
      getLocationById: async (id: string) =>
        id === 'l1' ? { id, type: 'url', target: TARGET } : undefined,
      getEntities: async () => ({
        items: [
          {
            kind: 'Component',
            metadata: { name: 'cart-probe', namespace: 'default' },
          },
        ],
      }),
      removeLocationById: async (id: string, { credentials }: any) => {
        expect(credentials.principal.type).toBe('service');
        removed.push(id);
      },
    } as unknown as CatalogService;
    const auditor = {
      createEvent: async ({ eventId }: { eventId: string }) => ({
        success: async () => void audit.push({ eventId, outcome: 'success' }),
        fail: async () => void audit.push({ eventId, outcome: 'failure' }),
      }),
    } as unknown as AuditorService;

    const app = express();
    app.use(
      createOwnLocationsRouter({
        httpAuth,
        auth,
        permissions,
        auditor,
        catalog,
      }),
    );
    // Stands in for the catalog's own handlers.
    app.use((req, res) => {
      reachedCatalog.push(
        `${req.method} ${req.path} as ${req.headers['x-as']}`,
      );
      res.status(200).json({ handledBy: 'catalog' });
    });
    app.use(
      (
        error: Error,
        _req: express.Request,
        res: express.Response,
        _next: express.NextFunction,
      ) => {
        const status =
          { NotAllowedError: 403, NotFoundError: 404 }[error.name] ?? 500;
        res
          .status(status)
          .json({ error: { name: error.name, message: error.message } });
      },
    );
    server = app.listen(0);
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    removed.length = 0;
    reachedCatalog.length = 0;
    audit.length = 0;
  });

  const call = (method: string, as: string, id = 'l1') =>
    fetch(`${base}/locations/${id}`, { method, headers: { 'x-as': as } });

  it('deletes the location for sara.kim, whose team owns all of it, with the backend credentials, audited', async () => {
    const res = await call('DELETE', 'sara.kim');
    expect(res.status).toBe(204);
    expect(removed).toEqual(['l1']);
    expect(reachedCatalog).toEqual([]);
    expect(audit).toEqual([
      { eventId: 'location-delete-by-owner', outcome: 'success' },
    ]);
  });

  it('refuses lena.fischer (403), audited, nothing deleted', async () => {
    const res = await call('DELETE', 'lena.fischer');
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toContain(
      'component:default/cart-probe',
    );
    expect(removed).toEqual([]);
    expect(audit).toEqual([
      { eventId: 'location-delete-by-owner', outcome: 'failure' },
    ]);
  });

  it('answers 404 for an unknown location', async () => {
    expect((await call('DELETE', 'sara.kim', 'nope')).status).toBe(404);
  });

  it('leaves admins and services to the catalog', async () => {
    expect((await call('DELETE', 'priya.sharma')).status).toBe(200);
    expect((await call('DELETE', 'service')).status).toBe(200);
    expect(reachedCatalog).toEqual([
      'DELETE /locations/l1 as priya.sharma',
      'DELETE /locations/l1 as service',
    ]);
    expect(removed).toEqual([]);
  });

  it('holds re-targeting (PUT) to the same rule, then lets the catalog do it as the user', async () => {
    expect((await call('PUT', 'lena.fischer')).status).toBe(403);
    expect((await call('PUT', 'sara.kim')).status).toBe(200);
    expect(reachedCatalog).toEqual(['PUT /locations/l1 as sara.kim']);
  });
});
