import type {
  AuthService,
  BackstageCredentials,
  BackstagePrincipalTypes,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { credentialsOfToken, mockCredentials } from './mockCredentials';

/**
 * The plugin's `auth` service: its own credentials are `plugin:<pluginId>`,
 * and the tokens it issues are mock tokens that `authenticate` (and the
 * target plugin's `httpAuth` stub) read back as the same principal.
 */
export function auth(options: { pluginId?: string } = {}): AuthService {
  const pluginId = options.pluginId ?? 'test';
  return {
    async authenticate(token) {
      return credentialsOfToken(token);
    },
    isPrincipal<TType extends keyof BackstagePrincipalTypes>(
      credentials: BackstageCredentials,
      type: TType,
    ): credentials is BackstageCredentials<BackstagePrincipalTypes[TType]> {
      const principal = credentials.principal as { type: string };
      return type === 'unknown' || principal.type === type;
    },
    async getNoneCredentials() {
      return mockCredentials.none();
    },
    async getOwnServiceCredentials() {
      return mockCredentials.service(`plugin:${pluginId}`);
    },
    async getPluginRequestToken({ onBehalfOf }) {
      const principal = onBehalfOf.principal as {
        type: string;
        userEntityRef?: string;
        subject?: string;
      };
      if (principal.type === 'user') {
        return { token: mockCredentials.user.token(principal.userEntityRef) };
      }
      if (principal.type === 'service') {
        return { token: mockCredentials.service.token(principal.subject) };
      }
      return { token: '' };
    },
    async getLimitedUserToken(
      credentials: BackstageCredentials<BackstageUserPrincipal>,
    ) {
      return {
        token: mockCredentials.user.token(credentials.principal.userEntityRef),
        expiresAt: new Date(Date.now() + 3600_000),
      };
    },
    async listPublicServiceKeys() {
      return { keys: [] };
    },
  };
}
