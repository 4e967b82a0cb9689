/**
 * What the observability backend answers, card by card, and the entity
 * annotations it reads, and the PromQL of the service level indicators;
 * shared by the backend, the frontend plugin, observability-node and the
 * sandbox.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './types';
export * from './sliQueries';
