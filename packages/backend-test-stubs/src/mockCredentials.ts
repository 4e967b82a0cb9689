import type {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';

const DEFAULT_USER = 'user:default/mock';
const DEFAULT_SERVICE = 'external:test-service';
const USER_TOKEN = 'mock-user-token';
const SERVICE_TOKEN = 'mock-service-token';

function none(): BackstageCredentials<BackstageNonePrincipal> {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'none' },
  };
}

function user(
  userEntityRef: string = DEFAULT_USER,
): BackstageCredentials<BackstageUserPrincipal> {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef },
  };
}

function service(
  subject: string = DEFAULT_SERVICE,
): BackstageCredentials<BackstageServicePrincipal> {
  return {
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject },
  };
}

const userToken = (userEntityRef: string = DEFAULT_USER) =>
  `${USER_TOKEN}:${JSON.stringify({ sub: userEntityRef })}`;
const serviceToken = (subject: string = DEFAULT_SERVICE) =>
  `${SERVICE_TOKEN}:${JSON.stringify({ sub: subject })}`;

/**
 * Credentials and the tokens that stand for them, as
 * `@backstage/backend-test-utils` names them: `mockServices.httpAuth()` and
 * `mockServices.auth()` read back what these write.
 */
export const mockCredentials = {
  none,
  user: Object.assign(user, {
    token: userToken,
    /** An `Authorization` header value for the user. */
    header: (userEntityRef?: string) => `Bearer ${userToken(userEntityRef)}`,
  }),
  service: Object.assign(service, {
    token: serviceToken,
    header: (subject?: string) => `Bearer ${serviceToken(subject)}`,
  }),
};

/** The credentials a mock token stands for; anything else is not a token. */
export function credentialsOfToken(token: string): BackstageCredentials {
  const [kind, claims] = splitOnce(token, ':');
  if (kind === USER_TOKEN || kind === SERVICE_TOKEN) {
    let sub: unknown;
    try {
      sub = claims ? JSON.parse(claims).sub : undefined;
    } catch {
      throw new AuthenticationError('Malformed mock token');
    }
    if (sub !== undefined && typeof sub !== 'string') {
      throw new AuthenticationError('Malformed mock token');
    }
    return kind === USER_TOKEN ? user(sub) : service(sub);
  }
  throw new AuthenticationError('Not a mock token');
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}
