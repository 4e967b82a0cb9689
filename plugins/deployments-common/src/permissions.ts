import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  BasicPermission,
  createPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { DeploymentAction } from './types';

/*
 * Every deployment action is a resource permission on the catalog entity the
 * application belongs to, so the portal policy's ownership rule applies:
 * owners of a service may act on its deployments. Production gets its own
 * permission per action (`<name>.production`): the portal policy lists those
 * in `permission.portal.production.permissions` and allows them only to the
 * production groups (e.g. SRE), whoever owns the service. A separate
 * permission keeps the policy free of any knowledge of environments.
 */

function entityPermission(name: string): ResourcePermission<'catalog-entity'> {
  return createPermission({
    name,
    attributes: { action: 'update' },
    resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
  });
}

/** Roll an environment back to an earlier history entry (suspends auto-sync). */
export const deploymentsRollbackPermission = entityPermission(
  'deployments.rollback',
);
/** Promote a paused canary by one step, or fully. */
export const deploymentsPromotePermission = entityPermission(
  'deployments.promote',
);
/** Abort a canary: traffic goes back to the stable version. */
export const deploymentsAbortPermission = entityPermission('deployments.abort');
/** Retry an aborted canary. */
export const deploymentsRetryPermission = entityPermission('deployments.retry');
/** Turn auto-sync back on after a rollback. */
export const deploymentsAutoSyncResumePermission = entityPermission(
  'deployments.autosync.resume',
);

/** The production variants, for `permission.portal.production.permissions`. */
export const deploymentsRollbackProductionPermission = entityPermission(
  'deployments.rollback.production',
);
export const deploymentsPromoteProductionPermission = entityPermission(
  'deployments.promote.production',
);
export const deploymentsAbortProductionPermission = entityPermission(
  'deployments.abort.production',
);
export const deploymentsRetryProductionPermission = entityPermission(
  'deployments.retry.production',
);
export const deploymentsAutoSyncResumeProductionPermission = entityPermission(
  'deployments.autosync.resume.production',
);

const BY_ACTION: Record<
  DeploymentAction,
  [ResourcePermission<'catalog-entity'>, ResourcePermission<'catalog-entity'>]
> = {
  rollback: [
    deploymentsRollbackPermission,
    deploymentsRollbackProductionPermission,
  ],
  promote: [
    deploymentsPromotePermission,
    deploymentsPromoteProductionPermission,
  ],
  'promote-full': [
    deploymentsPromotePermission,
    deploymentsPromoteProductionPermission,
  ],
  abort: [deploymentsAbortPermission, deploymentsAbortProductionPermission],
  retry: [deploymentsRetryPermission, deploymentsRetryProductionPermission],
  'resume-auto-sync': [
    deploymentsAutoSyncResumePermission,
    deploymentsAutoSyncResumeProductionPermission,
  ],
};

/**
 * The permission an action needs in an environment: the production variant
 * for production environments (as the backend's config marks them).
 */
export function deploymentPermissionFor(
  action: DeploymentAction,
  production: boolean,
): ResourcePermission<'catalog-entity'> {
  return BY_ACTION[action][production ? 1 : 0];
}

/**
 * Create Argo CD Applications and an AppProject for an entity that is not in
 * the catalog yet (the scaffolder's path). A create permission, which the
 * portal policy gives everyone, like `catalog.entity.create`: what keeps it
 * safe are the bindings (nothing that exists can be taken over) and, for an
 * entity that exists, `deployments.application.update`.
 */
export const deploymentsApplicationCreatePermission: BasicPermission =
  createPermission({
    name: 'deployments.application.create',
    attributes: { action: 'create' },
  });

/**
 * Create or update (`upsert`) the Argo CD objects of an entity that exists
 * in the catalog: its owners (the portal policy's ownership rule).
 */
export const deploymentsApplicationUpdatePermission = entityPermission(
  'deployments.application.update',
);

/**
 * Bind Argo CD objects that exist without a binding (adopted services) to a
 * catalog entity. An `update` without a resource: only admins get it.
 */
export const deploymentsBindingClaimPermission: BasicPermission =
  createPermission({
    name: 'deployments.binding.claim',
    attributes: { action: 'update' },
  });

/**
 * Ship a build to the next environment: a commit on the service repository
 * setting the target's `image.tag` (owners). The `.production` twin is for
 * production targets (the production groups, like every production action).
 */
export const deploymentsReleasePromotePermission = entityPermission(
  'deployments.release.promote',
);
export const deploymentsReleasePromoteProductionPermission = entityPermission(
  'deployments.release.promote.production',
);

/** The permission promoting a build into an environment needs. */
export function releasePromotePermissionFor(
  production: boolean,
): ResourcePermission<'catalog-entity'> {
  return production
    ? deploymentsReleasePromoteProductionPermission
    : deploymentsReleasePromotePermission;
}

/**
 * Promote although a gate failed (with a reason, audited). An `update`
 * without a resource, named admin-only by the portal policy.
 */
export const deploymentsPromotionOverridePermission: BasicPermission =
  createPermission({
    name: 'deployments.promotion.override',
    attributes: { action: 'update' },
  });

/** Every permission of the plugin, for `permissionsRegistry.addPermissions`. */
export const deploymentsPermissions = [
  deploymentsRollbackPermission,
  deploymentsPromotePermission,
  deploymentsAbortPermission,
  deploymentsRetryPermission,
  deploymentsAutoSyncResumePermission,
  deploymentsRollbackProductionPermission,
  deploymentsPromoteProductionPermission,
  deploymentsAbortProductionPermission,
  deploymentsRetryProductionPermission,
  deploymentsAutoSyncResumeProductionPermission,
  deploymentsApplicationCreatePermission,
  deploymentsApplicationUpdatePermission,
  deploymentsBindingClaimPermission,
  deploymentsReleasePromotePermission,
  deploymentsReleasePromoteProductionPermission,
  deploymentsPromotionOverridePermission,
];
