/**
 * Common types and permissions of the provisioning plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './serviceName';
export * from './types';
export * from './workspaces';
