import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { mockCredentials } from './mockCredentials';
import { mockServices } from './mockServices';

const read = createPermission({
  name: 'x.read',
  attributes: { action: 'read' },
});
const rollback = createPermission({
  name: 'x.rollback',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

describe('permissions', () => {
  it('allows everything by default, or answers the given result', async () => {
    const credentials = mockCredentials.user();
    await expect(
      mockServices
        .permissions()
        .authorize([{ permission: read }], { credentials }),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
    await expect(
      mockServices
        .permissions({ result: AuthorizeResult.DENY })
        .authorizeConditional([{ permission: rollback }], { credentials }),
    ).resolves.toEqual([{ result: AuthorizeResult.DENY }]);
  });

  it('decides per permission, user (with their groups) and resource, and records each request', async () => {
    const permissions = mockServices.permissions({
      users: { 'user:default/lena': ['group:default/payments'] },
      decide: ({ permission, resourceRef, claims }) =>
        permission.name === 'x.read' ||
        (resourceRef === 'component:default/a' &&
          claims.includes('group:default/payments')),
    });
    const ask = (user: string) =>
      permissions.authorize(
        [
          { permission: read },
          { permission: rollback, resourceRef: 'component:default/a' },
        ],
        { credentials: mockCredentials.user(user) },
      );
    expect((await ask('user:default/lena')).map(r => r.result)).toEqual([
      AuthorizeResult.ALLOW,
      AuthorizeResult.ALLOW,
    ]);
    expect((await ask('user:default/sara')).map(r => r.result)).toEqual([
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    expect(permissions.requests[3]).toEqual({
      permission: 'x.rollback',
      user: 'user:default/sara',
      resourceRef: 'component:default/a',
    });
  });
});
