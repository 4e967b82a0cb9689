/** The events-bus topic the recording auditor publishes finished audit events on. */
export const ACTIVITY_TOPIC = 'activity.audit-event';

/** Whose audit events the activity log keeps when `activity.plugins` is not set. */
export const DEFAULT_RECORDED_PLUGINS = ['deployments', 'provisioning'];
