import type {
  AuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { authorizeOwnLocationDeletion } from './ownLocationDeletion';

const SARAS_REPO =
  'http://localhost:7010/acme/storefront-probe/blob/main/catalog-info.yaml';
const MIXED_REPO =
  'http://localhost:7010/acme/probe-sec/blob/main/catalog-info.yaml';
const EMPTY_REPO =
  'http://localhost:7010/acme/empty/blob/main/catalog-info.yaml';

const locations: Record<string, { id: string; type: string; target: string }> =
  {
    saras: { id: 'saras', type: 'url', target: SARAS_REPO },
    mixed: { id: 'mixed', type: 'url', target: MIXED_REPO },
    empty: { id: 'empty', type: 'url', target: EMPTY_REPO },
  };

/** Entities per origin location, with their owners. */
const entities: Record<
  string,
  Array<{ kind: string; name: string; owner?: string }>
> = {
  [`url:${SARAS_REPO}`]: [
    { kind: 'Location', name: 'generated-1' },
    { kind: 'Component', name: 'storefront-probe', owner: 'storefront' },
    { kind: 'API', name: 'storefront-probe-api', owner: 'storefront' },
  ],
  [`url:${MIXED_REPO}`]: [
    { kind: 'Component', name: 'probe-sec-spoof', owner: 'storefront' },
    { kind: 'Component', name: 'payments-clone', owner: 'payments' },
  ],
  [`url:${EMPTY_REPO}`]: [{ kind: 'Location', name: 'generated-2' }],
};

const owners = new Map(
  Object.values(entities)
    .flat()
    .map(e => [`${e.kind.toLowerCase()}:default/${e.name}`, e.owner]),
);

const userCredentials = (name: string, groups: string[]) => ({
  $$type: '@backstage/BackstageCredentials' as const,
  principal: {
    type: 'user',
    userEntityRef: `user:default/${name}`,
    groups,
  },
});
const sara = userCredentials('sara.kim', ['storefront']);
const lena = userCredentials('lena.fischer', ['payments']);
const serviceCredentials = {
  $$type: '@backstage/BackstageCredentials' as const,
  principal: { type: 'service', subject: 'plugin:catalog' },
};

describe('authorizeOwnLocationDeletion', () => {
  const getEntities = jest.fn(async (request: any) => ({
    items: (
      entities[
        request.filter[
          'metadata.annotations.backstage.io/managed-by-origin-location'
        ]
      ] ?? []
    ).map(e => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: e.kind,
      metadata: { name: e.name, namespace: 'default' },
    })),
  }));
  const catalog = {
    getLocationById: async (id: string) => locations[id],
    getEntities,
  } as unknown as CatalogService;
  /** As the portal policy decides catalog.entity.delete: owners only. */
  const permissions = {
    authorize: async (requests: any[], { credentials }: any) =>
      requests.map(r => ({
        result: credentials.principal.groups.includes(owners.get(r.resourceRef))
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
  } as unknown as PermissionsService;
  const auth = {
    getOwnServiceCredentials: async () => serviceCredentials,
  } as unknown as AuthService;
  const check = (id: string, credentials: any) =>
    authorizeOwnLocationDeletion(
      { catalog, permissions, auth },
      id,
      credentials,
    );

  it('lets sara.kim unregister a location whose entities are all storefront’s', async () => {
    await expect(check('saras', sara)).resolves.toEqual(locations.saras);
    // Every entity of the location, read with the backend's credentials.
    expect(getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: {
          'metadata.annotations.backstage.io/managed-by-origin-location': `url:${SARAS_REPO}`,
        },
      }),
      { credentials: serviceCredentials },
    );
  });

  it('refuses lena.fischer the location of storefront’s entities', async () => {
    await expect(check('saras', lena)).rejects.toThrow(
      /also holds entities you do not own \(component:default\/storefront-probe, api:default\/storefront-probe-api\)/,
    );
  });

  it('refuses a location that also holds an entity of another team', async () => {
    const error = await check('mixed', sara).catch(e => e);
    expect(error.name).toBe('NotAllowedError');
    expect(error.message).toMatch(/component:default\/payments-clone/);
  });

  it('refuses a location without entities anyone owns (admins remove those)', async () => {
    await expect(check('empty', sara)).rejects.toThrow(
      /has no entities you own; ask a platform admin/,
    );
  });

  it('answers NotFoundError for an unknown location', async () => {
    const error = await check('nope', sara).catch(e => e);
    expect(error.name).toBe('NotFoundError');
  });
});
