import { Client, errors, estypes } from '@elastic/elasticsearch';
import { kindOfStatus, UpstreamError } from '../http/UpstreamError';

/** The ECS fields of the lines Fluent Bit ships, which the search filters on. */
export const LOG_FIELDS = {
  timestamp: '@timestamp',
  level: 'log.level',
  message: 'message',
  service: 'service.name',
  namespace: 'kubernetes.namespace',
  pod: 'kubernetes.pod.name',
  traceId: 'trace.id',
  errorMessage: 'error.message',
} as const;

/**
 * simple_query_string operators a person types; fuzzy, slop and near are
 * left out (costly on large indices, and never needed to find a line).
 */
const TEXT_FLAGS = 'AND|OR|NOT|PHRASE|PREFIX|PRECEDENCE|ESCAPE|WHITESPACE';

/** Newest first; `_doc` breaks ties of equal timestamps for search_after. */
export const LOG_SORT: estypes.SortCombinations[] = [
  { '@timestamp': { order: 'desc' } },
  { _doc: { order: 'desc' } },
];

export interface LogSearchClientOptions {
  /** Elasticsearch's URL, e.g. `https://logs-es.acme.example:9200`. */
  baseUrl: string;
  /** An API key (the encoded `id:key`), or a user with password. */
  apiKey?: string;
  username?: string;
  password?: string;
  /** Per request, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Retries of connection failures and 502/503/504. Default 1. */
  maxRetries?: number;
}

export interface LogSearch {
  /** The index pattern, e.g. `logs-prod-*`. */
  index: string;
  service: string;
  start: Date;
  end: Date;
  /** `log.level` values; none = every level. */
  levels?: string[];
  /** Free text as typed: sent as a simple_query_string, never as query DSL. */
  text?: string;
  traceId?: string;
  size: number;
  /** The `sort` values of the last line of the previous page. */
  after?: Array<string | number>;
}

export interface LogHit {
  index: string;
  id: string;
  source: Record<string, unknown>;
  sort: Array<string | number>;
}

/**
 * Searches service logs in Elasticsearch with the official client: the
 * caller's choices become filters and one simple_query_string, so no input
 * can change the query's structure or reach another service's lines.
 */
export class LogSearchClient {
  private readonly client: Client;
  private readonly timeoutMs: number;

  constructor(options: LogSearchClientOptions) {
    let auth:
      | { apiKey: string }
      | { username: string; password: string }
      | undefined;
    if (options.apiKey) {
      auth = { apiKey: options.apiKey };
    } else if (options.username) {
      auth = { username: options.username, password: options.password ?? '' };
    }
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.client = new Client({
      node: options.baseUrl,
      auth,
      requestTimeout: this.timeoutMs,
      maxRetries: options.maxRetries ?? 1,
    });
  }

  /** The query the search sends (also what Kibana's Discover link carries). */
  static queryOf(
    search: Omit<LogSearch, 'index' | 'size' | 'after'>,
  ): estypes.QueryDslQueryContainer {
    const filter: estypes.QueryDslQueryContainer[] = [
      { term: { [LOG_FIELDS.service]: search.service } },
      {
        range: {
          [LOG_FIELDS.timestamp]: {
            gte: search.start.toISOString(),
            lte: search.end.toISOString(),
            format: 'strict_date_optional_time',
          },
        },
      },
    ];
    if (search.levels?.length) {
      filter.push({ terms: { [LOG_FIELDS.level]: search.levels } });
    }
    if (search.traceId) {
      filter.push({ term: { [LOG_FIELDS.traceId]: search.traceId } });
    }
    const must: estypes.QueryDslQueryContainer[] = search.text
      ? [
          {
            simple_query_string: {
              query: search.text,
              fields: [LOG_FIELDS.message, LOG_FIELDS.errorMessage],
              default_operator: 'and',
              flags: TEXT_FLAGS,
              lenient: true,
            },
          },
        ]
      : [];
    return { bool: { filter, ...(must.length ? { must } : {}) } };
  }

  async search(
    search: LogSearch,
  ): Promise<{ hits: LogHit[]; timedOut: boolean }> {
    const operation = `POST /${search.index}/_search`;
    try {
      const result = await this.client.search<Record<string, unknown>>({
        index: search.index,
        query: LogSearchClient.queryOf(search),
        sort: LOG_SORT,
        size: search.size,
        track_total_hits: false,
        ignore_unavailable: true,
        allow_no_indices: true,
        ...(search.after ? { search_after: search.after } : {}),
      });
      return {
        timedOut: result.timed_out,
        hits: result.hits.hits.map(hit => ({
          index: hit._index,
          id: hit._id ?? '',
          source: hit._source ?? {},
          sort: (hit.sort ?? []) as Array<string | number>,
        })),
      };
    } catch (error) {
      throw upstreamErrorOf(error, operation, this.timeoutMs);
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/** The client's errors as the plugin's {@link UpstreamError}. */
function upstreamErrorOf(
  error: unknown,
  operation: string,
  timeoutMs: number,
): UpstreamError {
  const base = { system: 'elasticsearch' as const, operation, cause: error };
  if (error instanceof errors.ResponseError) {
    const status = error.meta.statusCode ?? 500;
    const body = error.meta.body as
      | { error?: { reason?: string; root_cause?: Array<{ reason?: string }> } }
      | undefined;
    return new UpstreamError({
      ...base,
      kind: kindOfStatus(status),
      status,
      upstreamMessage:
        body?.error?.root_cause?.[0]?.reason ??
        body?.error?.reason ??
        (typeof error.meta.body === 'string'
          ? error.meta.body.slice(0, 200)
          : undefined),
      attempts: error.meta.meta.attempts + 1,
    });
  }
  if (error instanceof errors.TimeoutError) {
    return new UpstreamError({ ...base, kind: 'timeout', timeoutMs });
  }
  if (
    error instanceof errors.ConnectionError ||
    error instanceof errors.NoLivingConnectionsError
  ) {
    return new UpstreamError({ ...base, kind: 'network' });
  }
  return new UpstreamError({
    ...base,
    kind: 'invalid-response',
    upstreamMessage: error instanceof Error ? error.message : String(error),
  });
}
