// The HTTP service: routes, and around each request a server span, a metrics
// observation and an access log line. Add business routes to `routes`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import type { Logger } from './logger.ts';
import type { Metrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';

export interface AppDeps {
  serviceName: string;
  environment: string;
  logger: Logger;
  metrics: Metrics;
  readiness: Readiness;
  tracer: Tracer;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** The service's own port: probes and business routes, never /metrics. */
export function createAppServer(deps: AppDeps): Server {
  const routes: Record<string, Handler> = {
    // Liveness: the process can answer. Never checks dependencies, or a
    // database outage would make Kubernetes restart every pod.
    'GET /healthz': (_req, res) => sendJson(res, 200, { status: 'ok' }),
    'GET /readyz': async (_req, res) => {
      const { ready, checks } = await deps.readiness.check();
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
    },
    'GET /': (_req, res) =>
      sendJson(res, 200, { service: deps.serviceName, environment: deps.environment }),
  };

  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0];
    const key = `${req.method} ${path}`;
    // The route template, not the raw path, labels metrics: unknown paths
    // share one label so a scanner cannot blow up the series count.
    const route = routes[key] ? path : 'unmatched';
    const parent = propagation.extract(context.active(), req.headers);
    const span = deps.tracer.startSpan(
      `${req.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method ?? '', 'http.route': route },
      },
      parent,
    );
    const active = trace.setSpan(parent, span);
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
      deps.metrics.observeRequest(
        { method: req.method ?? 'GET', route, code: res.statusCode },
        seconds,
      );
      // Probes and scrapes would drown the access log; they stay in metrics.
      if (route !== '/healthz' && route !== '/readyz') {
        context.with(active, () =>
          deps.logger.info('request', {
            'http.request.method': req.method,
            'url.path': path,
            'http.response.status_code': res.statusCode,
            'event.duration': Math.round(seconds * 1e9),
          }),
        );
      }
    });
    const handler: Handler = routes[key] ?? ((_req, r) => sendJson(r, 404, { error: 'not found' }));
    context.with(active, async () => {
      try {
        await handler(req, res);
      } catch (error) {
        span.recordException(error as Error);
        deps.logger.error('request failed', { error });
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      }
    });
  });
}

/** A separate port for Prometheus, so /metrics never leaves the cluster through the ALB. */
export function createMetricsServer(metrics: Metrics): Server {
  return createServer(async (req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    sendJson(res, 404, { error: 'not found' });
  });
}
