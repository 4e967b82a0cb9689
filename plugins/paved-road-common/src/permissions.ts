import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Open (or update) and merge the template upgrade pull request of one
 * service: an update of the catalog entity, so the portal policy gives it to
 * the entity's owners.
 */
export const pavedRoadUpgradePermission = createPermission({
  name: 'paved-road.upgrade',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Open upgrade pull requests for a selection of services at once, whoever
 * owns them: the platform admins' (the policy's admin-only list).
 */
export const pavedRoadBulkUpgradePermission = createPermission({
  name: 'paved-road.upgrade.bulk',
  attributes: { action: 'update' },
});

export const pavedRoadPermissions = [
  pavedRoadUpgradePermission,
  pavedRoadBulkUpgradePermission,
];
