import { Entity } from '@backstage/catalog-model';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  LogLevel,
  LogLine,
  LogSearchResponse,
} from '@internal/plugin-observability-common';
import {
  LOG_FIELDS,
  LogHit,
  LogSearchClient,
} from '@internal/plugin-observability-node';
import { discoverUrl } from './kibanaDiscover';
import { prometheusServiceOf } from './SliService';

export interface LogQuery {
  environment: string;
  start: Date;
  end: Date;
  levels?: LogLevel[];
  /** Free text, searched as a simple_query_string in the message. */
  text?: string;
  traceId?: string;
  limit: number;
  /** From {@link decodeCursor}: the sort values of the previous page's last line. */
  after?: number[];
}

export interface LogSource {
  client: LogSearchClient;
  /** The environment's index pattern. */
  index: string;
  dataViewId?: string;
}

/** A page's position as an opaque, URL-safe cursor. */
export function encodeCursor(sort: Array<string | number>): string {
  return Buffer.from(JSON.stringify(sort)).toString('base64url');
}

/**
 * The sort values of a cursor this service gave out: two integers
 * (`@timestamp` in ms, `_doc`); undefined for anything else.
 */
export function decodeCursor(cursor: string): number[] | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every(v => Number.isSafeInteger(v))
    ) {
      return value;
    }
  } catch {
    // not a cursor of ours
  }
  return undefined;
}

/**
 * The entity's log lines in Elasticsearch, one environment at a time, with
 * the server's credentials: newest first, paged with search_after.
 */
export class LogService {
  constructor(
    private readonly sources: Record<string, LogSource>,
    private readonly kibanaUrl?: string,
  ) {}

  /** The environments with a log search. */
  get environments(): string[] {
    return Object.keys(this.sources);
  }

  async search(entity: Entity, query: LogQuery): Promise<LogSearchResponse> {
    const source = this.sources[query.environment];
    if (!source) {
      throw new ServiceUnavailableError(
        `No log search for ${query.environment} (observability.elasticsearch)`,
      );
    }
    const service = prometheusServiceOf(entity);
    const search = {
      service,
      start: query.start,
      end: query.end,
      levels: query.levels,
      text: query.text,
      traceId: query.traceId,
    };
    const { hits, timedOut } = await source.client.search({
      ...search,
      index: source.index,
      size: query.limit,
      after: query.after,
    });
    const last = hits[hits.length - 1];
    return {
      service,
      environment: query.environment,
      start: query.start.toISOString(),
      end: query.end.toISOString(),
      lines: hits.map(lineOf),
      ...(hits.length === query.limit && last?.sort.length
        ? { nextCursor: encodeCursor(last.sort) }
        : {}),
      ...(this.kibanaUrl
        ? {
            kibanaUrl: discoverUrl({
              kibanaUrl: this.kibanaUrl,
              dataViewId: source.dataViewId,
              index: source.index,
              start: query.start,
              end: query.end,
              query: LogSearchClient.queryOf(search),
              label: `${service} logs (portal)`,
            }),
          }
        : {}),
      partial: timedOut,
    };
  }
}

function lineOf(hit: LogHit): LogLine {
  const fields = flatten(hit.source);
  const line: LogLine = {
    id: `${hit.index}/${hit.id}`,
    timestamp: fields[LOG_FIELDS.timestamp] ?? '',
    level: (fields[LOG_FIELDS.level] ?? 'unknown').toLowerCase(),
    message: fields[LOG_FIELDS.message] ?? '',
    fields,
  };
  if (fields[LOG_FIELDS.pod]) {
    line.pod = fields[LOG_FIELDS.pod];
  }
  if (fields[LOG_FIELDS.traceId]) {
    line.traceId = fields[LOG_FIELDS.traceId];
  }
  return line;
}

/** `{a: {b: 1}, "c.d": "x"}` -> `{"a.b": "1", "c.d": "x"}`; arrays joined. */
function flatten(
  value: unknown,
  prefix = '',
  out: Record<string, string> = {},
): Record<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      flatten(child, prefix ? `${prefix}.${key}` : key, out);
    }
  } else if (Array.isArray(value)) {
    out[prefix] = value
      .map(v => (typeof v === 'object' ? JSON.stringify(v) : String(v)))
      .join(', ');
  } else if (value !== undefined && value !== null && prefix) {
    out[prefix] = String(value);
  }
  return out;
}
