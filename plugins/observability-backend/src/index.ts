/**
 * The observability backend plugin: Grafana dashboards and alerts, Jaeger
 * traces, Prometheus SLIs and log links of catalog entities.
 *
 * @packageDocumentation
 */

export { observabilityPlugin as default } from './plugin';
export { createRouter } from './router';
export type { RouterOptions } from './router';
