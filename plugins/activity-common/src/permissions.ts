import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading the whole activity log (the admin page and its CSV export), not
 * only the activity of entities the caller can read. Its action is `read`,
 * so the portal policy names it among its admin-only permissions.
 */
export const activityAdminReadPermission = createPermission({
  name: 'activity.admin.read',
  attributes: { action: 'read' },
});

/** Every permission of the activity plugin, for the permissions registry. */
export const activityPermissions = [activityAdminReadPermission];
