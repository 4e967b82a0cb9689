/**
 * Common library of the activity plugin: the types of its REST API and the
 * permission of the admin page, shared by the frontend and the backend.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './permissions';
