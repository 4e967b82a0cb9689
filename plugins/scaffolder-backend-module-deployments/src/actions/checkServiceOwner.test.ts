import type { PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { actionContext } from '../__testUtils__/actionContext';
import {
  createCheckServiceOwnerAction,
  serviceOwnerAnyPermission,
} from './checkServiceOwner';

/** The sample organisation, as the catalog returns it (relations included). */
const groups: Record<string, string[]> = {
  payments: ['lena.fischer', 'tom.becker'],
  storefront: ['sara.kim'],
  'platform-admins': ['priya.sharma'],
};

function group(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
    relations: groups[name].map(user => ({
      type: 'hasMember',
      targetRef: `user:default/${user}`,
    })),
  };
}

function userEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: {},
    relations: Object.entries(groups)
      .filter(([, members]) => members.includes(name))
      .map(([g]) => ({ type: 'memberOf', targetRef: `group:default/${g}` })),
  };
}

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
};

const entities = new Map<string, Entity>(
  [
    ...Object.keys(groups).map(group),
    ...['lena.fischer', 'tom.becker', 'sara.kim', 'priya.sharma'].map(
      userEntity,
    ),
    system,
  ].map(e => [stringifyEntityRef(e).toLocaleLowerCase('en-US'), e]),
);

const credentialsOf = (name: string) => ({
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: `user:default/${name}` },
});

describe('catalog:service-owner:check', () => {
  // Like the catalog, refs are looked up case-insensitively.
  const getEntityByRef = jest.fn(async (ref: any) =>
    entities.get(
      (typeof ref === 'string'
        ? ref
        : stringifyEntityRef(ref)
      ).toLocaleLowerCase('en-US'),
    ),
  );
  /** Admins (priya) have the "any owner" permission, as the portal policy says. */
  const authorize = jest.fn(async (requests: any[], { credentials }: any) =>
    requests.map(() => ({
      result:
        credentials.principal.userEntityRef === 'user:default/priya.sharma'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    })),
  );
  const action = createCheckServiceOwnerAction({
    catalog: { getEntityByRef } as unknown as CatalogService,
    permissions: { authorize } as unknown as PermissionsService,
  });

  function checkAs(name: string | undefined, input: object) {
    const { ctx } = actionContext({ input, workspacePath: '/nonexistent' });
    ctx.user = name ? { ref: `user:default/${name}` } : undefined;
    ctx.getInitiatorCredentials = async () => credentialsOf(name ?? 'nobody');
    return action.handler(ctx);
  }

  beforeEach(() => jest.clearAllMocks());

  it("passes lena.fischer's own team and an existing system, asking the catalog as lena", async () => {
    await checkAs('lena.fischer', {
      owner: 'group:default/payments',
      system: 'system:default/payments',
    });
    for (const [, options] of getEntityByRef.mock.calls as any[]) {
      expect(options).toEqual({ credentials: credentialsOf('lena.fischer') });
    }
    expect(authorize).not.toHaveBeenCalled();
  });

  it('refuses sara.kim (storefront) creating a service owned by payments', async () => {
    await expect(
      checkAs('sara.kim', {
        owner: 'group:default/payments',
        system: 'system:default/payments',
      }),
    ).rejects.toThrow(
      "You are not a member of 'group:default/payments'; a new service must be owned by one of your teams (group:default/storefront)",
    );
    expect(authorize).toHaveBeenCalledWith(
      [{ permission: serviceOwnerAnyPermission }],
      { credentials: credentialsOf('sara.kim') },
    );
  });

  it('refuses an owner that is not a group in the catalog', async () => {
    await expect(
      checkAs('sara.kim', { owner: 'group:default/ghosts' }),
    ).rejects.toThrow(
      "The owner 'group:default/ghosts' is not a group in the catalog",
    );
    await expect(
      checkAs('sara.kim', { owner: 'user:default/sara.kim' }),
    ).rejects.toThrow("The owner 'user:default/sara.kim' must be a group");
    await expect(checkAs('sara.kim', { owner: 'group:' })).rejects.toThrow(
      "The owner 'group:' is not an entity reference",
    );
  });

  it('refuses a system that does not exist, or is not a system', async () => {
    await expect(
      checkAs('sara.kim', {
        owner: 'group:default/storefront',
        system: 'system:default/nowhere',
      }),
    ).rejects.toThrow(
      "The system 'system:default/nowhere' is not a system in the catalog",
    );
    await expect(
      checkAs('sara.kim', {
        owner: 'group:default/storefront',
        system: 'group:default/payments',
      }),
    ).rejects.toThrow(/is not a system in the catalog/);
  });

  it('lets priya.sharma (admin) choose any existing team', async () => {
    await expect(
      checkAs('priya.sharma', {
        owner: 'group:default/payments',
        system: 'system:default/payments',
      }),
    ).resolves.toBeUndefined();
    // Not a group that does not exist, though.
    await expect(
      checkAs('priya.sharma', { owner: 'group:default/ghosts' }),
    ).rejects.toThrow(/is not a group in the catalog/);
  });

  it('accepts short refs and any case', async () => {
    await expect(
      checkAs('tom.becker', { owner: 'Payments', system: 'payments' }),
    ).resolves.toBeUndefined();
  });

  it('refuses a task without a user', async () => {
    await expect(
      checkAs(undefined, { owner: 'group:default/payments' }),
    ).rejects.toThrow('This template must be run by a signed-in user');
  });
});
