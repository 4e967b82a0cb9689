import { mockCredentials } from './mockCredentials';
import { mockServices } from './mockServices';

const request = (authorization?: string) =>
  ({ headers: authorization ? { authorization } : {} } as any);

describe('httpAuth and auth', () => {
  it('reads back the user of a mock header, and the default without one', async () => {
    const httpAuth = mockServices.httpAuth();
    await expect(
      httpAuth.credentials(
        request(mockCredentials.user.header('user:default/lena')),
      ),
    ).resolves.toEqual(mockCredentials.user('user:default/lena'));
    await expect(httpAuth.credentials(request())).resolves.toEqual(
      mockCredentials.user(),
    );
  });

  it('refuses nobody with a 401 and a service with a 403 where users are allowed', async () => {
    const httpAuth = mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    });
    await expect(
      httpAuth.credentials(request(), { allow: ['user'] }),
    ).rejects.toMatchObject({ name: 'AuthenticationError' });
    await expect(
      httpAuth.credentials(request(mockCredentials.service.header()), {
        allow: ['user'],
      }),
    ).rejects.toMatchObject({ name: 'NotAllowedError' });
  });

  it('issues tokens on behalf of a user that authenticate as that user', async () => {
    const auth = mockServices.auth({ pluginId: 'deployments' });
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: mockCredentials.user('user:default/sara'),
      targetPluginId: 'catalog',
    });
    await expect(auth.authenticate(token)).resolves.toEqual(
      mockCredentials.user('user:default/sara'),
    );
    const own = await auth.getOwnServiceCredentials();
    expect(own.principal.subject).toBe('plugin:deployments');
    expect(auth.isPrincipal(own, 'service')).toBe(true);
    expect(auth.isPrincipal(own, 'user')).toBe(false);
    await expect(auth.authenticate('not-a-token')).rejects.toMatchObject({
      name: 'AuthenticationError',
    });
  });

  it('gives a user and their groups as user info', async () => {
    const userInfo = mockServices.userInfo({
      users: { 'user:default/lena': ['group:default/payments'] },
    });
    await expect(
      userInfo.getUserInfo(mockCredentials.user('user:default/lena')),
    ).resolves.toEqual({
      userEntityRef: 'user:default/lena',
      ownershipEntityRefs: ['user:default/lena', 'group:default/payments'],
    });
  });
});
