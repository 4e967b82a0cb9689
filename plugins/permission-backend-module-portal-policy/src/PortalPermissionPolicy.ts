import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';

/** Default for `permission.portal.adminGroups`. */
export const DEFAULT_ADMIN_GROUPS = ['group:default/platform-admins'];

/** Default for `permission.portal.production.allowedGroups`. */
export const DEFAULT_PRODUCTION_ALLOWED_GROUPS = ['group:default/sre'];

/**
 * Permissions that carry no `action` attribute and would therefore be allowed
 * for everyone by the read rule, but that are management actions which only
 * admins may perform.
 *
 * Rule 2 treats "no action" like "read" because most such permissions are
 * harmless and needed for everyday work (e.g. `scaffolder.action.execute`,
 * without which no template can run, or `catalog.location.analyze`, which the
 * "register existing component" page calls). Template management is the
 * exception: it is what rule 6 keeps for admins.
 */
export const ADMIN_ONLY_PERMISSIONS: ReadonlySet<string> = new Set([
  'scaffolder.template.management',
]);

/**
 * The settings of the policy, as read from `permission.portal`.
 *
 * @public
 */
export interface PortalPermissionPolicyOptions {
  /** Members of these groups may do everything. */
  adminGroups: string[];
  production: {
    /** Names of the production-only permissions. */
    permissions: string[];
    /** Groups whose members may perform the production-only permissions. */
    allowedGroups: string[];
  };
}

/** Who is asking: derived once per request from the (optional) user. */
interface Subject {
  /** The user's ownership claims as given, for the `isEntityOwner` condition. */
  claims: string[];
  /** The same claims normalised, for comparing with configured groups. */
  memberships: ReadonlySet<string>;
}

/** The policy's configuration with every group ref normalised. */
interface Settings {
  adminGroups: ReadonlySet<string>;
  productionPermissions: ReadonlySet<string>;
  productionAllowedGroups: ReadonlySet<string>;
}

/**
 * A rule either decides the request or passes (`undefined`) to the next one.
 */
type Rule = (
  permission: Permission,
  subject: Subject,
  settings: Settings,
) => PolicyDecision | undefined;

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Entity refs are case-insensitive, and configured groups may be written
 * short (`sre` means `group:default/sre`), so compare normalised forms.
 */
function normalizeRef(ref: string): string {
  return stringifyEntityRef(
    parseEntityRef(ref, { defaultKind: 'group', defaultNamespace: 'default' }),
  ).toLocaleLowerCase('en-US');
}

function isMemberOfAny(subject: Subject, groups: ReadonlySet<string>) {
  for (const group of groups) {
    if (subject.memberships.has(group)) {
      return true;
    }
  }
  return false;
}

/**
 * Rule 1: the platform admins run the portal and must be able to fix anything,
 * so nothing is ever denied to them.
 */
const allowAdmins: Rule = (_permission, subject, settings) =>
  isMemberOfAny(subject, settings.adminGroups) ? ALLOW : undefined;

/**
 * Rule 4: production actions are for the on-call groups only. Plugins name
 * their production-only permissions (e.g. `deployments.rollback.production`)
 * in `permission.portal.production.permissions`.
 *
 * It runs before the read, create and ownership rules so that a listed
 * permission can never slip through one of those more permissive rules;
 * owning a service is not enough to act on its production deployment.
 */
const restrictProduction: Rule = (permission, subject, settings) => {
  if (!settings.productionPermissions.has(permission.name)) {
    return undefined;
  }
  return isMemberOfAny(subject, settings.productionAllowedGroups)
    ? ALLOW
    : DENY;
};

/**
 * Rule 6, part one: management permissions that have no `action` attribute
 * would otherwise be allowed by the read rule (see ADMIN_ONLY_PERMISSIONS).
 */
const denyAdminOnlyPermissions: Rule = permission =>
  ADMIN_ONLY_PERMISSIONS.has(permission.name) ? DENY : undefined;

/**
 * Rule 2: the portal is for finding things out; everyone may look at
 * everything. Permissions without an action are treated as reads.
 */
const allowReads: Rule = permission => {
  const action = permission.attributes.action;
  return action === undefined || action === 'read' ? ALLOW : undefined;
};

/**
 * Rule 3: changing a catalog entity (delete, refresh, and our own plugins'
 * update actions such as rollback or apply, which use the catalog-entity
 * resource type) is for the entity's owners. The decision is conditional:
 * the catalog checks the entity's `ownedBy` relation against the user's
 * claims (the user and their groups).
 */
const requireEntityOwnership: Rule = (permission, subject) => {
  if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
    return undefined;
  }
  return createCatalogConditionalDecision(
    permission,
    catalogConditions.isEntityOwner({ claims: subject.claims }),
  );
};

/**
 * Rule 5: everyone may create things, so that people can run Scaffolder
 * templates and register their repositories (`catalog.location.create` and
 * `catalog.entity.create` included).
 */
const allowCreates: Rule = permission =>
  permission.attributes.action === 'create' ? ALLOW : undefined;

/**
 * The rules in the order they are tried; the first one that decides wins.
 * Rule 6 (everything else, e.g. `catalog.location.delete` or
 * `catalog.ingestion.manage`, is denied) is the fallback in `handle`.
 */
const RULES: readonly Rule[] = [
  allowAdmins,
  restrictProduction,
  denyAdminOnlyPermissions,
  allowReads,
  requireEntityOwnership,
  allowCreates,
];

/**
 * The portal's permission policy. See the package README for the rules.
 *
 * @public
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  static fromConfig(config: Config): PortalPermissionPolicy {
    const portal = config.getOptionalConfig('permission.portal');
    return new PortalPermissionPolicy({
      adminGroups:
        portal?.getOptionalStringArray('adminGroups') ?? DEFAULT_ADMIN_GROUPS,
      production: {
        permissions:
          portal?.getOptionalStringArray('production.permissions') ?? [],
        allowedGroups:
          portal?.getOptionalStringArray('production.allowedGroups') ??
          DEFAULT_PRODUCTION_ALLOWED_GROUPS,
      },
    });
  }

  readonly #settings: Settings;

  constructor(options: PortalPermissionPolicyOptions) {
    // Parsing here makes a malformed group ref fail at startup, not per request.
    this.#settings = {
      adminGroups: new Set(options.adminGroups.map(normalizeRef)),
      productionPermissions: new Set(options.production.permissions),
      productionAllowedGroups: new Set(
        options.production.allowedGroups.map(normalizeRef),
      ),
    };
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Rule 7: without a user (e.g. a service principal) the same rules apply,
    // just with no claims, so only what is allowed to everyone is allowed.
    const claims = user?.info.ownershipEntityRefs ?? [];
    const subject: Subject = {
      claims,
      memberships: new Set(claims.map(ref => ref.toLocaleLowerCase('en-US'))),
    };

    for (const rule of RULES) {
      const decision = rule(request.permission, subject, this.#settings);
      if (decision) {
        return decision;
      }
    }
    return DENY;
  }
}
