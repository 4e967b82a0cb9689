import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError, ServiceUnavailableError } from '@backstage/errors';
import {
  JAEGER_SERVICE,
  SpanRow,
  TraceDetailResponse,
  TraceRow,
  TracesResponse,
} from '@internal/plugin-observability-common';
import {
  isErrorSpan,
  JaegerClient,
  normalizeOtlpId,
  OtlpTracesData,
  stringAttribute,
  summarizeTraces,
  TraceSummaryRow,
  UpstreamError,
} from '@internal/plugin-observability-node';
import { LogLinks } from './LogLinks';
import { SignalCache } from './SignalCache';

/** The resource attribute of the environment (OpenTelemetry semantic conventions). */
export const ENVIRONMENT_ATTRIBUTE = 'deployment.environment.name';

/**
 * Jaeger stores an OTLP span with status ERROR with the tag `error=true`:
 * an errors-only search asks for that tag, so Jaeger searches the whole
 * window for failed traces rather than the newest N of all traces.
 */
const ERROR_ATTRIBUTE = { error: 'true' };

export interface TraceQuery {
  environment?: string;
  start: Date;
  end: Date;
  limit: number;
  errorsOnly: boolean;
  operation?: string;
}

/** The entity's recent traces and single traces, from Jaeger's v3 API. */
export class TraceService {
  constructor(
    private readonly jaeger: JaegerClient | undefined,
    private readonly logs: LogLinks,
    private readonly cache: SignalCache,
  ) {}

  async list(entity: Entity, query: TraceQuery): Promise<TracesResponse> {
    const jaeger = this.client();
    const service = serviceOf(entity);
    const depth = query.limit;
    const key = [
      'traces',
      service,
      query.environment ?? '',
      query.operation ?? '',
      // Times to the second: a page reloaded within the TTL hits the cache.
      Math.floor(query.start.getTime() / 1000),
      Math.floor(query.end.getTime() / 1000),
      depth,
      query.errorsOnly ? 'errors' : 'all',
    ].join(':');
    const rows = await this.cache.getOrLoad(key, async () =>
      summarizeTraces(
        await jaeger.findTraces({
          service,
          operation: query.operation,
          start: query.start,
          end: query.end,
          limit: depth,
          attributes: {
            ...(query.environment
              ? { [ENVIRONMENT_ATTRIBUTE]: query.environment }
              : {}),
            ...(query.errorsOnly ? ERROR_ATTRIBUTE : {}),
          },
        }),
      ),
    );
    // Jaeger matches every attribute on one span; the environment is a
    // resource attribute, so it counts for each span. Filter again anyway:
    // not every storage backend honours the error tag the same way.
    const traces = rows
      .filter(r => !query.errorsOnly || r.error)
      .slice(0, query.limit)
      .map(r => this.row(r, service));
    const lookbackMinutes = Math.max(
      1,
      Math.round((query.end.getTime() - query.start.getTime()) / 60_000),
    );
    return {
      service,
      environment: query.environment,
      start: query.start.toISOString(),
      end: query.end.toISOString(),
      errorsOnly: query.errorsOnly,
      searchUrl: jaeger.searchUrl({
        service,
        operation: query.operation,
        lookback: `${lookbackMinutes}m`,
      }),
      traces,
    };
  }

  /** One trace of the entity's service; 404 for a trace of other services only. */
  async get(entity: Entity, traceId: string): Promise<TraceDetailResponse> {
    const jaeger = this.client();
    const service = serviceOf(entity);
    const data = await this.cache
      .getOrLoad(`trace:${traceId}`, () => jaeger.getTrace(traceId))
      .catch(error => {
        // Jaeger has no such trace (yet: not cached): the same answer as a
        // trace of another service below, not an outage with Jaeger's path.
        if (error instanceof UpstreamError && error.kind === 'not-found') {
          return {} as OtlpTracesData;
        }
        throw error;
      });
    const [summary] = summarizeTraces(data);
    if (!summary || !summary.services.includes(service)) {
      throw new NotFoundError(`No trace ${traceId} of ${service}`);
    }
    return { trace: this.row(summary, service), spans: spansOf(data) };
  }

  private row(summary: TraceSummaryRow, service: string): TraceRow {
    const start = new Date(summary.startTime);
    // Logs around the trace: a minute either side.
    const window = {
      start: new Date(start.getTime() - 60_000),
      end: new Date(start.getTime() + summary.durationMs + 60_000),
    };
    const row: TraceRow = {
      ...summary,
      traceUrl: this.client().traceUrl(summary.traceId),
    };
    const logsUrl = this.logs.forTrace(summary.traceId, service, window);
    if (logsUrl) {
      row.logsUrl = logsUrl;
    }
    return row;
  }

  private client(): JaegerClient {
    if (!this.jaeger) {
      throw new ServiceUnavailableError(
        'Jaeger is not configured (observability.jaeger.baseUrl)',
      );
    }
    return this.jaeger;
  }
}

/** The Jaeger service of the entity: its annotation. */
export function serviceOf(entity: Entity): string {
  const service = entity.metadata.annotations?.[JAEGER_SERVICE];
  if (!service) {
    throw new NotFoundError(
      `${stringifyEntityRef(entity)} has no ${JAEGER_SERVICE} annotation`,
    );
  }
  return service;
}

function spansOf(data: OtlpTracesData): SpanRow[] {
  const spans: SpanRow[] = [];
  for (const resourceSpans of data.resourceSpans ?? []) {
    const service =
      stringAttribute(resourceSpans.resource?.attributes, 'service.name') ?? '';
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        const start = BigInt(span.startTimeUnixNano ?? 0);
        const end = BigInt(span.endTimeUnixNano ?? 0);
        const parent = span.parentSpanId
          ? normalizeOtlpId(span.parentSpanId, 8)
          : undefined;
        spans.push({
          spanId: normalizeOtlpId(span.spanId, 8),
          parentSpanId: parent && !/^0+$/.test(parent) ? parent : undefined,
          name: span.name,
          service,
          startTime: new Date(Number(start / 1_000_000n)).toISOString(),
          durationMs: Number((end - start) / 1000n) / 1000,
          error: isErrorSpan(span),
        });
      }
    }
  }
  return spans.sort((a, b) => a.startTime.localeCompare(b.startTime));
}
