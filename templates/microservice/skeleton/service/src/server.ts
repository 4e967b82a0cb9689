// Entry point: wires configuration, telemetry and the two HTTP servers, and
// shuts down in the order Kubernetes needs (stop being ready, drain, close).
import type { Server } from 'node:http';
import { loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { createReadiness } from './readiness.ts';
import { startTracing } from './tracing.ts';
import { createAppServer, createMetricsServer } from './app.ts';

const config = loadConfig();
const logger = createLogger({
  service: config.serviceName,
  environment: config.environment,
  level: config.logLevel,
});
const tracing = startTracing(config);
const metrics = createMetrics();
const readiness = createReadiness(config);
const app = createAppServer({ ...config, logger, metrics, readiness, tracer: tracing.tracer });
const metricsServer = createMetricsServer(metrics);

app.listen(config.port, () => logger.info('listening', { port: config.port }));
metricsServer.listen(config.metricsPort);

const close = (server: Server) =>
  new Promise<void>(resolve => server.close(() => resolve()));

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  // Fail readiness first and keep serving for a moment: the ALB and kube-proxy
  // need a few seconds to stop routing here after the pod starts terminating.
  readiness.drain();
  await new Promise(resolve => setTimeout(resolve, config.shutdownDelaySeconds * 1000));
  app.closeIdleConnections();
  await Promise.all([close(app), close(metricsServer)]);
  await tracing.shutdown();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
