/**
 * The one HTTP transport of the clients of external systems (Terraform
 * Cloud, Argo CD, Grafana, Jaeger, Prometheus, our own backends).
 *
 * @packageDocumentation
 */
export * from './backoff';
export * from './HttpTransport';
export * from './upstreamError';
