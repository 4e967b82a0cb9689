import type {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/*
 * Hand-made core services for backend tests (backend-test-utils is not
 * available for our release): one user who owns payments-api, allowed
 * everything but production approvals.
 */

export const silentLogger: LoggerService = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

export const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

export function fakeHttpAuth(): HttpAuthService {
  return {
    async credentials() {
      return {
        $$type: '@backstage/BackstageCredentials',
        principal: { type: 'user', userEntityRef: 'user:default/lena.fischer' },
      };
    },
  } as unknown as HttpAuthService;
}

export function fakePermissions(): PermissionsService {
  return {
    async authorize(requests: { permission: { name: string } }[]) {
      return requests.map(({ permission }) => ({
        result: permission.name.endsWith('.production')
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      }));
    },
  } as unknown as PermissionsService;
}

/** Records each audit event's id and outcome. */
export function fakeAuditor(records: string[]): AuditorService {
  return {
    async createEvent({ eventId }: { eventId: string }) {
      return {
        async success() {
          records.push(`${eventId}: success`);
        },
        async fail() {
          records.push(`${eventId}: fail`);
        },
      };
    },
  } as unknown as AuditorService;
}

export function fakeCatalog(): CatalogService {
  return {
    async getEntityByRef(ref: string) {
      return ref.toLocaleLowerCase() === 'component:default/payments-api'
        ? paymentsApi
        : undefined;
    },
  } as unknown as CatalogService;
}
