// Prometheus metrics. The name and labels below are a contract: OpenTelemetry's
// HTTP server semantic convention (http.server.request.duration, in seconds)
// as Prometheus names it. The chart's AnalysisTemplate judges a canary by it
// (its _count for the success rate, its _bucket for latency), and the
// dashboard, the alert rules and the portal's SLIs read the same series, so
// rename them only together.
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; code: number }, seconds: number): void;
}

/** OpenTelemetry's advised boundaries for http.server.request.duration. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

export function createMetrics(): Metrics {
  // A registry of our own (not the global one) keeps tests independent.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP server requests, by method, route template and status code',
    labelNames: ['http_request_method', 'http_route', 'http_response_status_code'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  return {
    registry,
    observeRequest({ method, route, code }, seconds) {
      duration.observe(
        { http_request_method: method, http_route: route, http_response_status_code: String(code) },
        seconds,
      );
    },
  };
}
