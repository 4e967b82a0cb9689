import { defaultEnvironments, type Environments } from '@internal/environments';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/** Reading a service's provisioning: workspaces, runs, plans, outputs, logs. */
export const provisioningReadPermission = createPermission({
  name: 'provisioning.read',
  attributes: { action: 'read' },
});

/**
 * Requesting (planning) infrastructure for a service that is in the catalog.
 * A resource permission on the entity, so the portal policy lets its owners
 * do it.
 */
export const provisioningRunRequestPermission = createPermission({
  name: 'provisioning.run.request',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Asking for a grant to provision a service that is not in the catalog yet:
 * what the "Create microservice" template does before it registers the
 * entity. A create, like running the template itself. The grant is bound to
 * the caller's running scaffolder task and one unused name, expires, and is
 * single use per environment: the permission alone provisions nothing.
 */
export const provisioningServiceCreatePermission = createPermission({
  name: 'provisioning.service.create',
  attributes: { action: 'create' },
});

/**
 * Applying, discarding or retrying a run of a non-production environment.
 * A resource permission on the entity: its owners may do it.
 */
export const provisioningRunApplyPermission = createPermission({
  name: 'provisioning.run.apply',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Applying, discarding or retrying a run of production. Separate from
 * {@link provisioningRunApplyPermission} so that the policy can keep it for
 * the on-call groups (`permission.portal.production.permissions`).
 */
export const provisioningRunApplyProductionPermission = createPermission({
  name: 'provisioning.run.apply.production',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Binding a workspace to a catalog entity by hand: claiming a workspace that
 * exists upstream without a binding (an adopted service), or handing one
 * over to an entity created again (another uid). A basic update: the portal
 * policy keeps it for admins.
 */
export const provisioningWorkspaceBindPermission = createPermission({
  name: 'provisioning.workspace.bind',
  attributes: { action: 'update' },
});

/** Every permission of the provisioning plugin, for `permissionsRegistry`. */
export const provisioningPermissions = [
  provisioningReadPermission,
  provisioningRunRequestPermission,
  provisioningServiceCreatePermission,
  provisioningRunApplyPermission,
  provisioningRunApplyProductionPermission,
  provisioningWorkspaceBindPermission,
];

/**
 * The permission that guards deciding on (apply, discard, retry) a run of
 * `environment`: the production one for the portal's production
 * environments (`environments[].production`, see `@internal/environments`).
 */
export function runDecisionPermission(
  environment: string,
  environments: Environments = defaultEnvironments,
) {
  return environments.isProduction(environment)
    ? provisioningRunApplyProductionPermission
    : provisioningRunApplyPermission;
}
