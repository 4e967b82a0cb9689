import { Request } from 'express';

/** A FindTraces search, parsed as jaeger's apiv3/query_parser.go parses it. */
export interface TraceQuery {
  serviceName: string;
  operationName?: string;
  /** ms since the epoch; traces start in [startTimeMin, startTimeMax). */
  startTimeMin: number;
  startTimeMax: number;
  searchDepth: number;
  durationMinMs?: number;
  durationMaxMs?: number;
  attributes: Record<string, string>;
}

/** Jaeger's default when `query.searchDepth` is not given. */
const DEFAULT_SEARCH_DEPTH = 100;

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Parses the query string; throws with the gateway's message on bad input. */
export function parseTraceQuery(q: Request['query']): TraceQuery {
  // Canonical camelCase first, then the deprecated snake_case alias.
  const param = (canonical: string, deprecated?: string) => {
    const value = first(q[canonical]);
    if (value || !deprecated) {
      return { value, name: canonical };
    }
    return { value: first(q[deprecated]), name: deprecated };
  };

  const min = param('query.startTimeMin', 'query.start_time_min');
  const max = param('query.startTimeMax', 'query.start_time_max');
  if (!min.value || !max.value) {
    throw new Error('query.startTimeMin and query.startTimeMax are required');
  }
  const startTimeMin = parseTime(min.value, min.name);
  const startTimeMax = parseTime(max.value, max.name);
  if (startTimeMin >= startTimeMax) {
    throw new Error('query.startTimeMin must be before query.startTimeMax');
  }

  let depth = param('query.searchDepth', 'query.search_depth');
  if (!depth.value) {
    depth = param('query.num_traces');
  }
  let searchDepth = DEFAULT_SEARCH_DEPTH;
  if (depth.value) {
    if (!/^[+-]?\d+$/.test(depth.value)) {
      throw new Error(
        `malformed parameter ${depth.name}: strconv.Atoi: parsing "${depth.value}": invalid syntax`,
      );
    }
    searchDepth = Number(depth.value);
  }

  const attributesParam = first(q['query.attributes']);
  let attributes: Record<string, string> = {};
  if (attributesParam) {
    try {
      attributes = JSON.parse(attributesParam);
    } catch (error) {
      throw new Error(
        `malformed parameter query.attributes: ${(error as Error).message}`,
      );
    }
    if (
      !attributes ||
      typeof attributes !== 'object' ||
      Array.isArray(attributes) ||
      Object.values(attributes).some(v => typeof v !== 'string')
    ) {
      throw new Error(
        'malformed parameter query.attributes: expected a JSON object of strings',
      );
    }
  }

  const serviceName = param('query.serviceName', 'query.service_name').value;
  if (!serviceName) {
    // What the Cassandra and Badger storages answer; a search needs a service.
    throw new Error('service name must be set');
  }
  const durationMin = param('query.durationMin', 'query.duration_min');
  const durationMax = param('query.durationMax', 'query.duration_max');
  return {
    serviceName,
    operationName:
      param('query.operationName', 'query.operation_name').value || undefined,
    startTimeMin,
    startTimeMax,
    searchDepth,
    durationMinMs: durationMin.value
      ? parseDuration(durationMin.value, durationMin.name)
      : undefined,
    durationMaxMs: durationMax.value
      ? parseDuration(durationMax.value, durationMax.name)
      : undefined,
    attributes,
  };
}

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}

function parseTime(value: string, name: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `malformed parameter ${name}: parsing time "${value}" as "2006-01-02T15:04:05.999999999Z07:00": cannot parse`,
    );
  }
  return ms;
}

/** Go's time.ParseDuration, to milliseconds. */
function parseDuration(value: string, name: string): number {
  if (!GO_DURATION.test(value)) {
    throw new Error(
      `malformed parameter ${name}: time: invalid duration "${value}"`,
    );
  }
  const units: Record<string, number> = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000,
  };
  return [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)].reduce(
    (sum, [, n, unit]) => sum + Number(n) * units[unit],
    0,
  );
}
