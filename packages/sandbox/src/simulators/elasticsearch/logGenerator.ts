import { OtlpKeyValue, OtlpSpan } from '@internal/api-jaeger';
import { Environment } from '../../world/World';
import { World } from '../../world/World';
import { hash32, seededRandom } from '../prometheus/seededRandom';
import { ServiceProfile } from '../jaeger/serviceProfile';
import { attributeText, traceAt } from '../jaeger/traceGenerator';

/*
 * The log lines of a service are derived from its traces (the Jaeger
 * simulator's generator): every sampled request logs its access line, a
 * failed one logs the error that broke it with the same trace id, and some
 * time slots log a line of their own. So Elasticsearch, Jaeger and
 * Prometheus tell one story: a bad build's errors carry the trace ids of
 * its failing traces.
 */

/** A line never lands later than this after its trace started. */
export const MAX_LINE_OFFSET_MS = 2000;

/** One document as Fluent Bit ships it (ECS fields), with its place. */
export interface LogDoc {
  _index: string;
  _id: string;
  /** Stands in for Lucene's doc id: the tiebreaker of equal timestamps. */
  doc: number;
  /** ms since the epoch. */
  ts: number;
  environment: Environment;
  source: Record<string, unknown>;
}

/** The daily index of an environment's logs, as Fluent Bit's `Logstash_Prefix logs-<env>` names it. */
export function indexOf(environment: string, ts: number): string {
  const day = new Date(ts).toISOString().slice(0, 10).replace(/-/g, '.');
  return `logs-${environment}-${day}`;
}

/** The lines logged for the request sampled in `slot`, oldest first (none while nothing serves). */
export function logsOfSlot(
  world: World,
  profile: ServiceProfile,
  environment: Environment,
  slot: number,
): LogDoc[] {
  const trace = traceAt(world, profile, environment, slot);
  if (!trace) {
    return []; // nothing served then: no requests, no lines
  }
  const resource = trace.resourceSpans.resource?.attributes ?? [];
  const spans = (trace.resourceSpans.scopeSpans ?? []).flatMap(
    s => s.spans ?? [],
  );
  const [root, ...children] = spans;
  const random = seededRandom('log', profile.service, environment, slot);
  const pod = text(resource, 'k8s.pod.name');
  const revision = text(resource, 'k8s.pod.labels.rollouts-pod-template-hash');
  const base = (ts: number) => ({
    '@timestamp': new Date(ts).toISOString(),
    service: {
      name: profile.service,
      environment,
    },
    kubernetes: {
      namespace: text(resource, 'k8s.namespace.name'),
      pod: { name: pod },
      container: { name: profile.service },
      labels: { 'rollouts-pod-template-hash': revision },
    },
    host: { name: pod },
  });
  const clamp = (t: number) =>
    Math.min(trace.startMs + MAX_LINE_OFFSET_MS, Math.max(trace.startMs, t));
  const lines: Array<{ ts: number; source: Record<string, unknown> }> = [];

  if (random() < 0.15) {
    const active = 1 + Math.floor(random() * 9);
    lines.push({
      ts: trace.startMs,
      source: {
        ...base(trace.startMs),
        log: { level: 'debug', logger: 'db.pool' },
        message: `connection pool: ${active} active, ${10 - active} idle`,
      },
    });
  }

  const failed = root.status?.code === 2;
  const culprit = children.find(c => c.status?.code === 2);
  if (culprit) {
    const at = clamp(ms(culprit.endTimeUnixNano));
    const exception = culprit.events?.[0]?.attributes ?? [];
    const message =
      text(exception, 'exception.message') || culprit.status?.message || '';
    lines.push({
      ts: at,
      source: {
        ...base(at),
        log: { level: 'error', logger: loggerOf(culprit) },
        message: `${culprit.name} failed: ${message}`,
        error: {
          type: text(exception, 'exception.type') || 'Error',
          message,
        },
        trace: { id: trace.traceId },
        span: { id: culprit.spanId },
      },
    });
  }

  const end = clamp(ms(root.endTimeUnixNano));
  const durationMs = Math.max(
    0,
    Math.round(ms(root.endTimeUnixNano) - ms(root.startTimeUnixNano)),
  );
  const status = Number(
    text(root.attributes ?? [], 'http.response.status_code'),
  );
  const method = text(root.attributes ?? [], 'http.request.method');
  const path = text(root.attributes ?? [], 'url.path');
  const slow = durationMs > 400;
  lines.push({
    ts: end,
    source: {
      ...base(end),
      log: {
        level: levelOf(failed, slow),
        logger: 'http',
      },
      message: `${method} ${path} ${status} ${durationMs}ms${
        slow && !failed ? ' (slow)' : ''
      }`,
      http: {
        request: { method },
        response: { status_code: status },
      },
      url: { path },
      event: { duration: durationMs * 1_000_000 },
      trace: { id: trace.traceId },
      span: { id: root.spanId },
    },
  });

  return lines.map((line, i) => ({
    _index: indexOf(environment, line.ts),
    _id: `${trace.traceId.slice(0, 16)}${i}`,
    doc: hash32('log-doc', profile.service, environment, slot, i) >>> 1,
    ts: line.ts,
    environment,
    source: line.source,
  }));
}

function levelOf(failed: boolean, slow: boolean): string {
  if (failed) {
    return 'error';
  }
  return slow ? 'warn' : 'info';
}

function text(attributes: OtlpKeyValue[], key: string): string {
  const found = attributes.find(a => a.key === key);
  return found ? attributeText(found) : '';
}

function ms(nanos: string | undefined): number {
  return Number(BigInt(nanos ?? '0') / 1_000_000n);
}

function loggerOf(span: OtlpSpan): string {
  const name = span.name.toLowerCase();
  if (/^(select|insert|update|delete)\b/.test(name)) {
    return 'db.postgres';
  }
  if (name.startsWith('send ')) {
    return 'sqs';
  }
  return 'redis';
}
