import { Response, Router } from 'express';
import {
  JaegerErrorBody,
  JaegerOperationsResponse,
  JaegerServicesResponse,
  JaegerTracesResponse,
  OtlpSpan,
} from '@internal/api-jaeger';
import { World } from '../../world/World';
import { deployedServices } from '../prometheus/deployedServices';
import { SimulatorFactory } from '../types';
import { operationsOf, profileOf } from './serviceProfile';
import { parseTraceQuery, TraceQuery } from './traceQuery';
import { searchPage, tracePage } from './uiPages';
import {
  attributeText,
  decodeTraceId,
  GeneratedTrace,
  servedSlots,
  traceAt,
} from './traceGenerator';

export interface JaegerSimulatorOptions {
  /** The clock; no trace starts after it. Tests pin it. */
  now?: () => number;
}

/**
 * A search looks at no more than this many of the newest sampled traces per
 * environment, so an unselective search of a long window stays fast.
 */
const MAX_SCANNED_PER_ENVIRONMENT = 5000;

/**
 * Jaeger's v3 Query API (HTTP gateway) over generated, deterministic traces
 * of every world service in every environment. Behaves like jaeger's
 * apiv3/http_gateway.go: canonical camelCase and deprecated snake_case
 * parameters, `{"result": TracesData}`, hex ids, 404 "No traces found" for
 * an empty search, errors as `{"error":{"httpCode","message"}}` in a
 * text/plain body (Go's http.Error).
 */
export function jaegerSimulator(
  options: JaegerSimulatorOptions = {},
): SimulatorFactory {
  const now = options.now ?? Date.now;
  return {
    name: 'jaeger',
    async create({ world }) {
      const router = Router();

      router.get('/api/v3/services', (_req, res) => {
        const body: JaegerServicesResponse = {
          services: deployedServices(world)
            .map(s => s.name)
            .sort(),
        };
        res.json(body);
      });

      router.get('/api/v3/operations', (req, res) => {
        const service = String(req.query.service ?? '');
        const spanKind = String(
          req.query.spanKind ?? req.query.span_kind ?? '',
        );
        const profile = profileOf(world, service);
        const body: JaegerOperationsResponse = {
          operations: (profile ? operationsOf(profile) : []).filter(
            op => !spanKind || op.spanKind === spanKind,
          ),
        };
        res.json(body);
      });

      router.get('/api/v3/traces', (req, res) => {
        let query: TraceQuery;
        try {
          query = parseTraceQuery(req.query);
        } catch (error) {
          sendError(res, 400, (error as Error).message);
          return;
        }
        sendTraces(res, findTraces(world, query, now()));
      });

      router.get('/api/v3/traces/:traceId', (req, res) => {
        const traceId = parseTraceId(req.params.traceId);
        if (typeof traceId !== 'string') {
          sendError(res, 400, `malformed parameter trace_id: ${traceId.error}`);
          return;
        }
        const origin = decodeTraceId(world, traceId);
        const profile = origin && profileOf(world, origin.service);
        const trace =
          origin &&
          profile &&
          traceAt(world, profile, origin.environment, origin.slot);
        const found =
          trace && trace.traceId === traceId && trace.startMs <= now();
        sendTraces(res, found ? [trace] : []);
      });

      // The UI pages the portal deep-links to.
      router.get('/trace/:traceId', (req, res) => {
        const traceId = parseTraceId(req.params.traceId);
        const id = typeof traceId === 'string' ? traceId : '';
        const origin = id ? decodeTraceId(world, id) : undefined;
        const profile = origin && profileOf(world, origin.service);
        const trace =
          origin &&
          profile &&
          traceAt(world, profile, origin.environment, origin.slot);
        const found = trace && trace.traceId === id && trace.startMs <= now();
        res
          .status(found ? 200 : 404)
          .type('html')
          .send(
            tracePage(req.params.traceId, found ? [trace.resourceSpans] : []),
          );
      });
      router.get('/search', (req, res) => {
        const service = String(req.query.service ?? '');
        const lookback = String(req.query.lookback ?? '1h');
        const minutes = Number(/^(\d+)m$/.exec(lookback)?.[1] ?? 60);
        let traces: GeneratedTrace[] = [];
        try {
          traces = findTraces(
            world,
            parseTraceQuery({
              'query.serviceName': service,
              'query.startTimeMin': new Date(
                now() - minutes * 60_000,
              ).toISOString(),
              'query.startTimeMax': new Date(now()).toISOString(),
              'query.searchDepth': '20',
            }),
            now(),
          );
        } catch {
          // an empty or unknown service: no traces
        }
        res.type('html').send(searchPage(service, lookback, traces));
      });

      router.use((_req, res) => {
        res.status(404).type('text/plain').send('404 page not found\n');
      });
      return { handler: router };
    },
  };
}

/** The newest traces of the service matching the query, across its environments. */
function findTraces(
  world: World,
  query: TraceQuery,
  nowMs: number,
): GeneratedTrace[] {
  const profile = profileOf(world, query.serviceName);
  if (!profile) {
    return [];
  }
  const end = Math.min(query.startTimeMax, nowMs);
  const found: GeneratedTrace[] = [];
  for (const environment of profile.environments) {
    let scanned = 0;
    let matched = 0;
    for (const slot of servedSlots(
      world,
      profile.service,
      environment,
      query.startTimeMin,
      end,
    )) {
      if (
        matched >= query.searchDepth ||
        scanned >= MAX_SCANNED_PER_ENVIRONMENT
      ) {
        break;
      }
      scanned++;
      const trace = traceAt(world, profile, environment, slot);
      if (
        trace &&
        trace.startMs >= query.startTimeMin &&
        trace.startMs < end &&
        matches(trace, query)
      ) {
        found.push(trace);
        matched++;
      }
    }
  }
  return found
    .sort((a, b) => b.startMs - a.startMs)
    .slice(0, query.searchDepth);
}

/**
 * Jaeger matches each condition against one and the same span (resource
 * attributes count as the span's): a trace matches if one span meets all.
 * `error` is the tag Jaeger derives from the span status.
 */
function matches(trace: GeneratedTrace, query: TraceQuery): boolean {
  const resourceAttributes = trace.resourceSpans.resource?.attributes ?? [];
  const spans = (trace.resourceSpans.scopeSpans ?? []).flatMap(
    s => s.spans ?? [],
  );
  return spans.some(span => {
    const durationMs = spanDurationMs(span);
    const attrs = [...resourceAttributes, ...(span.attributes ?? [])];
    return (
      (!query.operationName || span.name === query.operationName) &&
      (query.durationMinMs === undefined ||
        durationMs >= query.durationMinMs) &&
      (query.durationMaxMs === undefined ||
        durationMs <= query.durationMaxMs) &&
      Object.entries(query.attributes).every(([key, value]) =>
        // Jaeger stores an OTLP span with status ERROR with the tag
        // `error=true`, which is how its search finds failed spans.
        key === 'error'
          ? String(span.status?.code === 2) === value
          : attrs.some(a => a.key === key && attributeText(a) === value),
      )
    );
  });
}

function spanDurationMs(span: OtlpSpan): number {
  return (
    Number(
      BigInt(span.endTimeUnixNano ?? 0) - BigInt(span.startTimeUnixNano ?? 0),
    ) / 1e6
  );
}

/** Hex as the gateway accepts it (also base64 of 16 bytes), as 32 lower-case hex digits. */
function parseTraceId(id: string): string | { error: string } {
  if (/^[0-9a-fA-F]{1,32}$/.test(id)) {
    return id.toLowerCase().padStart(32, '0');
  }
  if (id.length <= 24) {
    const bytes = Buffer.from(id, 'base64');
    if (bytes.length === 16) {
      return bytes.toString('hex');
    }
  }
  return id.length > 32
    ? { error: `TraceID cannot be longer than 32 hex characters: ${id}` }
    : { error: `strconv.ParseUint: parsing "${id}": invalid syntax` };
}

function sendTraces(res: Response, traces: GeneratedTrace[]) {
  if (!traces.length) {
    sendError(res, 404, 'No traces found');
    return;
  }
  const body: JaegerTracesResponse = {
    result: { resourceSpans: traces.map(t => t.resourceSpans) },
  };
  res.json(body);
}

/** Go's http.Error: the JSON error as text/plain, with a newline. */
function sendError(res: Response, status: number, message: string) {
  const body: JaegerErrorBody = { error: { httpCode: status, message } };
  res
    .status(status)
    .type('text/plain; charset=utf-8')
    .set('X-Content-Type-Options', 'nosniff')
    .send(`${JSON.stringify(body)}\n`);
}
