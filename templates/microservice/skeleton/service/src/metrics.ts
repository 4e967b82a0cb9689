// Prometheus metrics. The names and labels below are a contract: the chart's
// AnalysisTemplate judges a canary by http_requests_total (success rate) and
// http_request_duration_seconds (latency), so rename them only together.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  observeRequest(labels: { method: string; route: string; code: number }, seconds: number): void;
}

export function createMetrics(): Metrics {
  // A registry of our own (not the global one) keeps tests independent.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests served, by route template and status code',
    labelNames: ['method', 'route', 'code'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency, by route template and status code',
    labelNames: ['method', 'route', 'code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return {
    registry,
    observeRequest({ method, route, code }, seconds) {
      const labels = { method, route, code: String(code) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
