/**
 * The Grafana HTTP API contract (search, dashboards, alert rules), shared by
 * the observability client and the sandbox's simulator.
 *
 * @packageDocumentation
 */
export type * from './types';
