import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
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
 * Default for `permission.portal.kubernetesProxy.allowedGroups`: nobody
 * besides the admins. The proxy forwards any verb (DELETE a pod, PATCH a
 * Rollout) with the portal's cluster credentials.
 */
export const DEFAULT_KUBERNETES_PROXY_ALLOWED_GROUPS: string[] = [];

/**
 * Default for `permission.portal.templateDryRun.allowedGroups`: the people
 * who write templates (the template editor's dry-run runs any template text
 * with the portal's credentials).
 */
export const DEFAULT_TEMPLATE_DRY_RUN_ALLOWED_GROUPS = [
  'group:default/platform-admins',
  'group:default/platform',
];

/**
 * Permissions without an `action` attribute that everyone needs for everyday
 * work. A permission without an action is NOT treated as a read: Backstage
 * leaves the action out of very different things (`kubernetes.proxy`,
 * `scaffolder.task.cancel`, `scaffolder.template.dry-run`...), so each one
 * that everyone may use is named here, with the reason:
 *
 * - `scaffolder.action.execute`: checked for every step of every template
 *   run, as the task's user; without it no template runs. Our actions check
 *   their own permissions as that user.
 * - `catalog.location.analyze`: the "register existing component" page
 *   analyzes a repository before registering it (read-only).
 * - `catalog.entity.validate`: validates an entity's YAML without storing it.
 */
export const EVERYDAY_PERMISSIONS: ReadonlySet<string> = new Set([
  'scaffolder.action.execute',
  'catalog.location.analyze',
  'catalog.entity.validate',
]);

/**
 * Permissions only admins get, whatever their attributes: no rule below may
 * hand them out (an `update` on a catalog entity would otherwise go to the
 * entity's owners by rule 3).
 *
 * - `deployments.binding.claim`: binding upstream objects (Argo CD apps, a
 *   Terraform Cloud workspace) that no entity owns yet to an entity: whoever
 *   claims them owns them from then on.
 * - `scaffolder.service.owner.any`: creating a service owned by a team one is
 *   not a member of (`catalog:service-owner:check`).
 * - `deployments.promotion.override`: promoting a build although one of its
 *   gates (canary health, alerts, burn rate) failed.
 */
export const ADMIN_ONLY_PERMISSIONS: ReadonlySet<string> = new Set([
  'deployments.binding.claim',
  'deployments.promotion.override',
  'scaffolder.service.owner.any',
  // A read, but of everybody's activity (the admin page), not of one entity.
  'activity.admin.read',
  // Template upgrade pull requests on many services at once, whoever owns
  // them (one service's own upgrade, `paved-road.upgrade`, is for its owners).
  'paved-road.upgrade.bulk',
]);

/** The Kubernetes backend's proxy to the clusters (any verb, any path). */
export const KUBERNETES_PROXY_PERMISSION = 'kubernetes.proxy';

/** The template editor's dry-run (`POST /api/scaffolder/v2/dry-run`). */
export const TEMPLATE_DRY_RUN_PERMISSION = 'scaffolder.template.dry-run';

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
  /** Groups besides the admins that may use the Kubernetes proxy. */
  kubernetesProxy?: { allowedGroups: string[] };
  /** Groups besides the admins that may dry-run templates. */
  templateDryRun?: { allowedGroups: string[] };
}

/** Who is asking: derived once per request from the (optional) user. */
interface Subject {
  /** The user's entity ref, if a user is asking. */
  userEntityRef?: string;
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
  kubernetesProxyAllowedGroups: ReadonlySet<string>;
  templateDryRunAllowedGroups: ReadonlySet<string>;
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

function normalizeRefs(refs: string[]): ReadonlySet<string> {
  return new Set(refs.map(normalizeRef));
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
 * Rule 6, named: the ADMIN_ONLY_PERMISSIONS are denied to everyone who got
 * past rule 1, before any rule that allows.
 */
const denyAdminOnly: Rule = permission =>
  ADMIN_ONLY_PERMISSIONS.has(permission.name) ? DENY : undefined;

/**
 * Rule 8: the Kubernetes proxy forwards any request (DELETE a pod, PATCH a
 * Rollout) to the clusters with the portal's credentials; reading workloads
 * goes through `kubernetes.resources.read` instead. Only the configured
 * groups (and admins) may use it.
 */
const restrictKubernetesProxy: Rule = (permission, subject, settings) => {
  if (permission.name !== KUBERNETES_PROXY_PERMISSION) {
    return undefined;
  }
  return isMemberOfAny(subject, settings.kubernetesProxyAllowedGroups)
    ? ALLOW
    : DENY;
};

/**
 * Rule 9: the template editor's dry-run executes arbitrary template text
 * (every action, with the portal's integrations), so it is for the people
 * who write templates.
 */
const restrictTemplateDryRun: Rule = (permission, subject, settings) => {
  if (permission.name !== TEMPLATE_DRY_RUN_PERMISSION) {
    return undefined;
  }
  return isMemberOfAny(subject, settings.templateDryRunAllowedGroups)
    ? ALLOW
    : DENY;
};

/**
 * Rule 10: a Scaffolder task (its parameters, logs and output) is its
 * creator's: reading, cancelling and (through read) retrying it is
 * CONDITIONAL on the task having been created by the user. The scaffolder
 * evaluates the condition per task and turns it into a filter for lists.
 * Creating tasks is rule 5 (it has no resource type).
 */
const requireTaskOwnership: Rule = (permission, subject) => {
  if (!isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
    return undefined;
  }
  if (!subject.userEntityRef) {
    return DENY;
  }
  return createScaffolderTaskConditionalDecision(
    permission,
    scaffolderTaskConditions.isTaskOwner({
      createdBy: [subject.userEntityRef],
    }),
  );
};

/**
 * Rule 2: the portal is for finding things out; everyone may look at
 * everything whose action is `read`, and use the few permissions without an
 * action that everyday work needs (EVERYDAY_PERMISSIONS).
 */
const allowReads: Rule = permission =>
  permission.attributes.action === 'read' ||
  EVERYDAY_PERMISSIONS.has(permission.name)
    ? ALLOW
    : undefined;

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
 * Rule 6 (everything else is denied: `catalog.location.delete`,
 * `catalog.ingestion.manage`, `scaffolder.template.management`, and any
 * permission the policy does not know) is the fallback in `handle`.
 */
const RULES: readonly Rule[] = [
  allowAdmins,
  denyAdminOnly,
  restrictProduction,
  restrictKubernetesProxy,
  restrictTemplateDryRun,
  requireTaskOwnership,
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
      kubernetesProxy: {
        allowedGroups:
          portal?.getOptionalStringArray('kubernetesProxy.allowedGroups') ??
          DEFAULT_KUBERNETES_PROXY_ALLOWED_GROUPS,
      },
      templateDryRun: {
        allowedGroups:
          portal?.getOptionalStringArray('templateDryRun.allowedGroups') ??
          DEFAULT_TEMPLATE_DRY_RUN_ALLOWED_GROUPS,
      },
    });
  }

  readonly #settings: Settings;

  constructor(options: PortalPermissionPolicyOptions) {
    // Parsing here makes a malformed group ref fail at startup, not per request.
    this.#settings = {
      adminGroups: normalizeRefs(options.adminGroups),
      productionPermissions: new Set(options.production.permissions),
      productionAllowedGroups: normalizeRefs(options.production.allowedGroups),
      kubernetesProxyAllowedGroups: normalizeRefs(
        options.kubernetesProxy?.allowedGroups ??
          DEFAULT_KUBERNETES_PROXY_ALLOWED_GROUPS,
      ),
      templateDryRunAllowedGroups: normalizeRefs(
        options.templateDryRun?.allowedGroups ??
          DEFAULT_TEMPLATE_DRY_RUN_ALLOWED_GROUPS,
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
      userEntityRef: user?.info.userEntityRef,
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
