/**
 * Frontend of the activity plugin: the entity's Activity tab and the admin
 * page; the API and the table for the home page.
 *
 * @packageDocumentation
 */
export { default } from './plugin';
export { activityApiRef, ActivityClient } from './api';
export type { ActivityApi } from './api';
export { ActivityTable } from './components/ActivityTable';
