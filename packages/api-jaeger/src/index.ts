/**
 * The Jaeger v3 Query API contract (`shared/specs/jaeger`): OTLP JSON traces
 * and the query answers, shared by the observability client and the
 * sandbox's simulator.
 *
 * @packageDocumentation
 */
export { SPAN_KIND, STATUS_CODE } from './types';
export type * from './types';
