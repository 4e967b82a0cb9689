// Runs the real servers on free ports and checks what the platform relies on:
// probes, Prometheus metrics, traces exported over OTLP to a collector, and
// JSON logs that carry the trace id.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppServer, createMetricsServer } from '../src/app.ts';
import { createLogger } from '../src/logger.ts';
import { createMetrics } from '../src/metrics.ts';
import { createReadiness } from '../src/readiness.ts';
import { startTracing, type Tracing } from '../src/tracing.ts';

const listen = (server: Server) =>
  new Promise<string>(resolve =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );

describe('service', () => {
  const logLines: Record<string, unknown>[] = [];
  const exported: string[] = [];
  const collector = createServer((req, res) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') exported.push(body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  let databaseUp = true;
  let tracing: Tracing;
  let app: Server;
  let metricsServer: Server;
  let appUrl = '';
  let metricsUrl = '';

  before(async () => {
    const collectorUrl = await listen(collector);
    tracing = startTracing({
      serviceName: 'orders',
      environment: 'test',
      otlpTracesUrl: `${collectorUrl}/v1/traces`,
    });
    const metrics = createMetrics();
    const readiness = createReadiness(
      { database: { host: 'db.internal', port: 5432, name: 'orders' } },
      async () => {
        if (!databaseUp) throw new Error('connection refused');
      },
    );
    const logger = createLogger({
      service: 'orders',
      environment: 'test',
      level: 'info',
      write: line => logLines.push(JSON.parse(line)),
    });
    app = createAppServer({
      serviceName: 'orders',
      environment: 'test',
      logger,
      metrics,
      readiness,
      tracer: tracing.tracer,
    });
    metricsServer = createMetricsServer(metrics);
    appUrl = await listen(app);
    metricsUrl = await listen(metricsServer);
  });

  after(async () => {
    await tracing.shutdown();
    // closeAllConnections: fetch keeps connections alive, which would hold the
    // test process open for seconds after the last test.
    for (const server of [app, metricsServer, collector]) {
      server.close();
      server.closeAllConnections();
    }
  });

  it('answers liveness without checking dependencies', async () => {
    databaseUp = false;
    const res = await fetch(`${appUrl}/healthz`);
    assert.equal(res.status, 200);
    databaseUp = true;
  });

  it('is ready only while its dependencies answer', async () => {
    assert.equal((await fetch(`${appUrl}/readyz`)).status, 200);
    databaseUp = false;
    const res = await fetch(`${appUrl}/readyz`);
    assert.equal(res.status, 503);
    const body = (await res.json()) as { checks: Record<string, { reason: string }> };
    assert.match(body.checks.database.reason, /connection refused/);
    databaseUp = true;
  });

  it('exposes request metrics on the metrics port only', async () => {
    await fetch(`${appUrl}/`);
    await fetch(`${appUrl}/no/such/path/123`);
    // Two unmatched requests: the path above and /metrics asked on the app port.
    assert.equal((await fetch(`${appUrl}/metrics`)).status, 404);
    const text = await (await fetch(`${metricsUrl}/metrics`)).text();
    // OpenTelemetry's HTTP server histogram, as the chart and the portal read it.
    const labels = (route: string, code: number) =>
      `http_request_method="GET",http_route="${route}",http_response_status_code="${code}"`;
    assert.ok(text.includes(`http_server_request_duration_seconds_count{${labels('/', 200)}} 1`), text);
    assert.ok(text.includes(`http_server_request_duration_seconds_count{${labels('unmatched', 404)}} 2`), text);
    assert.ok(text.includes(`http_server_request_duration_seconds_bucket{le="0.5",${labels('/', 200)}}`), text);
    assert.doesNotMatch(text, /http_requests_total/);
    assert.match(text, /process_cpu_seconds_total/);
  });

  it('continues the caller trace, exports it over OTLP and logs its id', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    await fetch(`${appUrl}/`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    await tracing.flush();
    const payload = exported.join('\n');
    assert.match(payload, /"service\.name"/);
    assert.match(payload, /orders/);
    assert.match(payload, /GET \//);
    const access = logLines.find(line => line['trace.id'] === traceId);
    assert.ok(access, 'the access log line carries the incoming trace id');
    assert.equal(access['log.level'], 'info');
    assert.equal(access['http.response.status_code'], 200);
  });
});
