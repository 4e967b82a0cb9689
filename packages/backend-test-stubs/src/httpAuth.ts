import type {
  BackstageCredentials,
  BackstagePrincipalTypes,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { credentialsOfToken, mockCredentials } from './mockCredentials';

/**
 * The caller is whoever the request's mock token says
 * (`mockCredentials.user.header(ref)`); a request without one is
 * `defaultCredentials` (a user by default; `mockCredentials.none()` makes
 * it anonymous, which `allow: ['user']` then refuses with a 401).
 */
export function httpAuth(
  options: { defaultCredentials?: BackstageCredentials } = {},
): HttpAuthService {
  const defaultCredentials =
    options.defaultCredentials ?? mockCredentials.user();
  return {
    async credentials<TAllowed extends keyof BackstagePrincipalTypes>(
      req: { headers: Record<string, string | string[] | undefined> },
      credentialsOptions?: { allow?: Array<TAllowed> },
    ) {
      const header = req.headers.authorization;
      const token =
        typeof header === 'string'
          ? header.match(/^Bearer\s+(.+)$/i)?.[1]
          : undefined;
      const credentials = token
        ? credentialsOfToken(token)
        : defaultCredentials;
      const type = (credentials.principal as { type: string }).type;
      const allow = credentialsOptions?.allow as string[] | undefined;
      if (allow && !allow.includes(type)) {
        if (type === 'none') {
          throw new AuthenticationError('Missing credentials');
        }
        throw new NotAllowedError(
          `This endpoint does not allow '${type}' credentials`,
        );
      }
      return credentials as BackstageCredentials<
        BackstagePrincipalTypes[TAllowed]
      >;
    },
    async issueUserCookie() {
      return { expiresAt: new Date(Date.now() + 3600_000) };
    },
  };
}
