/**
 * Backend of the activity plugin, and the auditor service factory that
 * feeds it.
 *
 * @packageDocumentation
 */
export { activityPlugin as default } from './plugin';
export { activityAuditorServiceFactory } from './service/auditorServiceFactory';
