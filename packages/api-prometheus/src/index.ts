/**
 * The Prometheus HTTP API contract (the query envelope and its samples),
 * shared by the observability client and the sandbox's simulator.
 *
 * @packageDocumentation
 */
export type * from './types';
