/**
 * Small in-memory stand-ins of the backend core services for tests.
 *
 * @packageDocumentation
 */

export { mockServices } from './mockServices';
export { mockCredentials } from './mockCredentials';
export type { AuditorStub, RecordedAuditEvent } from './auditor';
export type { CatalogCall, CatalogStub } from './catalog';
export type { LoggedLine, LoggerStub } from './logger';
export type { NotificationsStub, SignalsStub } from './notifications';
export type {
  PermissionQuery,
  PermissionsStub,
  RecordedPermissionRequest,
} from './permissions';
export type { ScheduledTask, SchedulerStub } from './scheduler';
export { claimsOf, userOf, type Users } from './users';
