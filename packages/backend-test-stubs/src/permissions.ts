import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type Permission,
} from '@backstage/plugin-permission-common';
import { claimsOf, userOf, type Users } from './users';

/** One permission request as a test's policy sees it. */
export interface PermissionQuery {
  permission: Permission;
  resourceRef?: string;
  credentials: BackstageCredentials;
  /** The caller's user entity ref; undefined for a service or nobody. */
  user?: string;
  /** The user and their groups (from `users`); empty for non-users. */
  claims: string[];
}

/** A request as the stub recorded it, in the order it came. */
export interface RecordedPermissionRequest {
  permission: string;
  user?: string;
  resourceRef?: string;
}

export interface PermissionsStub extends PermissionsService {
  readonly requests: RecordedPermissionRequest[];
}

/**
 * Decides each request with `decide` (per permission, user and resource),
 * or answers `result` to all (ALLOW by default, like
 * `mockServices.permissions()`). Conditional requests get a definitive
 * answer from the same decision, without a resource.
 */
export function permissions(
  options: {
    decide?: (query: PermissionQuery) => boolean;
    result?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    users?: Users;
    /** Where to record the requests (a test's own array), a new one by default. */
    requests?: RecordedPermissionRequest[];
  } = {},
): PermissionsStub {
  const requests = options.requests ?? [];
  const result = options.result ?? AuthorizeResult.ALLOW;
  const decide = (
    permission: Permission,
    resourceRef: string | undefined,
    credentials: BackstageCredentials,
  ): AuthorizeResult.ALLOW | AuthorizeResult.DENY => {
    const user = userOf(credentials);
    requests.push({ permission: permission.name, user, resourceRef });
    if (!options.decide) {
      return result;
    }
    const claims = claimsOf(options.users ?? {}, user);
    return options.decide({
      permission,
      resourceRef,
      credentials,
      user,
      claims,
    })
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  };
  return {
    requests,
    async authorize(queries, { credentials }) {
      return queries.map(q => ({
        result: decide(
          q.permission,
          'resourceRef' in q ? q.resourceRef : undefined,
          credentials,
        ),
      }));
    },
    async authorizeConditional(queries, { credentials }) {
      return queries.map(q => ({
        result: decide(q.permission, undefined, credentials),
      }));
    },
  };
}
