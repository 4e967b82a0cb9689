import {
  OtlpAnyValue,
  OtlpKeyValue,
  OtlpSpan,
  OtlpTracesData,
} from '@internal/api-jaeger';

/** One row of a trace list. */
export interface TraceSummaryRow {
  /** 32 lower-case hex digits. */
  traceId: string;
  /** Name of the root span (the one without a parent in the trace). */
  rootOperation: string;
  /** `service.name` of the root span's resource. */
  rootService: string;
  /** ISO time of the earliest span start. */
  startTime: string;
  /** From the earliest start to the latest end, with microsecond precision. */
  durationMs: number;
  spanCount: number;
  /** Spans with status ERROR. */
  errorSpanCount: number;
  error: boolean;
  /** Every service with a span in the trace, sorted. */
  services: string[];
  /** `deployment.environment.name` of the root span's resource, if set. */
  environment?: string;
}

interface CollectedSpan {
  span: OtlpSpan;
  service: string;
  environment?: string;
  spanId: string;
  parentSpanId?: string;
}

const NANOS_PER_MS = 1_000_000n;

const min = (values: bigint[]) => values.reduce((a, b) => (b < a ? b : a));
const max = (values: bigint[]) => values.reduce((a, b) => (b > a ? b : a));

/**
 * Turns OTLP traces (spans of several traces mixed across resources and
 * scopes, as Jaeger sends them) into one row per trace, newest first.
 */
export function summarizeTraces(data: OtlpTracesData): TraceSummaryRow[] {
  const byTrace = new Map<string, CollectedSpan[]>();
  for (const resourceSpans of data.resourceSpans ?? []) {
    const service =
      stringAttribute(resourceSpans.resource?.attributes, 'service.name') ?? '';
    const environment = stringAttribute(
      resourceSpans.resource?.attributes,
      'deployment.environment.name',
    );
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        const traceId = normalizeOtlpId(span.traceId, 16);
        const spans = byTrace.get(traceId) ?? [];
        spans.push({
          span,
          service,
          environment,
          spanId: normalizeOtlpId(span.spanId, 8),
          parentSpanId: span.parentSpanId
            ? normalizeOtlpId(span.parentSpanId, 8)
            : undefined,
        });
        byTrace.set(traceId, spans);
      }
    }
  }

  const rows = [...byTrace].map(([traceId, spans]) => {
    const start = min(spans.map(s => nanos(s.span.startTimeUnixNano)));
    const end = max([start, ...spans.map(s => nanos(s.span.endTimeUnixNano))]);
    const root = rootOf(spans);
    const errorSpanCount = spans.filter(s => isErrorSpan(s.span)).length;
    const row: TraceSummaryRow = {
      traceId,
      rootOperation: root.span.name,
      rootService: root.service,
      startTime: new Date(Number(start / NANOS_PER_MS)).toISOString(),
      // Whole microseconds first: Number() of large nanosecond values loses digits.
      durationMs: Number((end - start) / 1000n) / 1000,
      spanCount: spans.length,
      errorSpanCount,
      error: errorSpanCount > 0,
      services: [...new Set(spans.map(s => s.service))].sort(),
      ...(root.environment ? { environment: root.environment } : {}),
    };
    return { start, row };
  });
  rows.sort((a, b) => compare(b.start, a.start));
  return rows.map(r => r.row);
}

/** True when the span's status is ERROR (numeric or proto enum name). */
export function isErrorSpan(span: OtlpSpan): boolean {
  const code = span.status?.code;
  return code === 2 || code === 'STATUS_CODE_ERROR';
}

/**
 * An OTLP id as lower-case hex. Jaeger's gateway sends hex, but OTLP's proto
 * JSON mapping of `bytes` is base64, which other producers use.
 */
export function normalizeOtlpId(id: string, bytes: 8 | 16): string {
  if (/^[0-9a-f]+$/i.test(id) && id.length === bytes * 2) {
    return id.toLowerCase();
  }
  const decoded = Buffer.from(id, 'base64');
  return decoded.length === bytes ? decoded.toString('hex') : id;
}

/** The string value of an attribute, if it has one. */
export function stringAttribute(
  attributes: OtlpKeyValue[] | undefined,
  key: string,
): string | undefined {
  const value: OtlpAnyValue | undefined = attributes?.find(
    a => a.key === key,
  )?.value;
  return value?.stringValue;
}

function compare(a: bigint, b: bigint): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function rootOf(spans: CollectedSpan[]): CollectedSpan {
  const ids = new Set(spans.map(s => s.spanId));
  // A span whose parent is missing is the root of what we have (partial traces).
  const roots = spans.filter(
    s =>
      !s.parentSpanId ||
      /^0*$/.test(s.parentSpanId) ||
      !ids.has(s.parentSpanId),
  );
  const candidates = roots.length ? roots : spans;
  return candidates.reduce((a, b) =>
    nanos(b.span.startTimeUnixNano) < nanos(a.span.startTimeUnixNano) ? b : a,
  );
}

function nanos(value: string | undefined): bigint {
  try {
    return BigInt(value ?? 0);
  } catch {
    return 0n;
  }
}
