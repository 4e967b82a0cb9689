/** Grafana dashboards of the entity, e.g. `tags @> 'payments-api'`. */
export const GRAFANA_DASHBOARD_SELECTOR = 'grafana/dashboard-selector';
/** Grafana alert rules of the entity, e.g. `service=payments-api`. */
export const GRAFANA_ALERT_LABEL_SELECTOR = 'grafana/alert-label-selector';
/** The service name in Jaeger (`service.name` of its traces). */
export const JAEGER_SERVICE = 'jaegertracing.io/service';
/**
 * The `service` label of the entity's SLI series in Prometheus; defaults to
 * the Jaeger service, then to the entity's name.
 */
export const PROMETHEUS_SERVICE = 'observability.acme.example/service';

/** The annotations that make the Observability tab worth showing. */
export const OBSERVABILITY_ANNOTATIONS = [
  GRAFANA_DASHBOARD_SELECTOR,
  GRAFANA_ALERT_LABEL_SELECTOR,
  JAEGER_SERVICE,
  PROMETHEUS_SERVICE,
];

/** True when the entity carries any observability annotation. */
export function hasObservabilityAnnotations(entity: {
  metadata: { annotations?: Record<string, string> };
}): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return OBSERVABILITY_ANNOTATIONS.some(a => Boolean(annotations[a]));
}
