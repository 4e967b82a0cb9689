/**
 * Common library of the deployments plugin: the types of its REST API and
 * its permissions, shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
export * from './promotion';
export * from './dora';
export * from './annotations';
