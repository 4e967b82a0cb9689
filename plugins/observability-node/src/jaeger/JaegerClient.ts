import {
  HttpOptions,
  HttpTransport,
  RequestOptions,
} from '../http/HttpTransport';
import { UpstreamError } from '../http/UpstreamError';
import {
  JaegerErrorBody,
  JaegerOperation,
  JaegerOperationsResponse,
  JaegerServicesResponse,
  JaegerTracesResponse,
  OtlpTracesData,
} from '@internal/api-jaeger';

export interface JaegerClientOptions extends HttpOptions {
  /** Jaeger's query service, e.g. `http://jaeger-query.tracing:16686`. */
  baseUrl: string;
  /** Where browsers reach the Jaeger UI, for deep links; defaults to `baseUrl`. */
  publicUrl?: string;
  /** Extra headers, e.g. the credentials of a proxy in front of Jaeger. */
  headers?: Record<string, string>;
}

export interface TraceSearch {
  service: string;
  /** Span name, e.g. `GET /payments/{id}`. */
  operation?: string;
  /** Traces with a span that started in [start, end). */
  start: Date;
  end: Date;
  /** How many traces to look for (Jaeger's `searchDepth`); default 20. */
  limit?: number;
  /** Only traces with a span at least / at most this long. */
  minDurationMs?: number;
  maxDurationMs?: number;
  /** Span or resource attributes every match must have, e.g. `{"deployment.environment.name": "prod"}`. */
  attributes?: Record<string, string>;
}

/**
 * Jaeger's v3 Query API (the v1 search endpoints are gone from Jaeger's
 * main branch). Sends the canonical camelCase parameters of the OpenAPI;
 * the gateway still accepts the older snake_case ones.
 */
export class JaegerClient {
  private readonly http: HttpTransport;
  private readonly publicUrl: string;

  constructor(options: JaegerClientOptions) {
    this.http = new HttpTransport({
      ...options,
      system: 'jaeger',
      errorMessageOf: body => asJaegerError(body)?.error.message,
    });
    this.publicUrl = (options.publicUrl ?? options.baseUrl).replace(/\/+$/, '');
  }

  async getServices(options?: RequestOptions): Promise<string[]> {
    const response = await this.http.getJson<JaegerServicesResponse>(
      '/api/v3/services',
      undefined,
      options,
    );
    return response.services ?? [];
  }

  async getOperations(
    service: string,
    filter: { spanKind?: string } = {},
    options?: RequestOptions,
  ): Promise<JaegerOperation[]> {
    const response = await this.http.getJson<JaegerOperationsResponse>(
      '/api/v3/operations',
      { service, spanKind: filter.spanKind },
      options,
    );
    return response.operations ?? [];
  }

  /** Traces matching the search; none found is an empty result, not an error. */
  async findTraces(
    search: TraceSearch,
    options?: RequestOptions,
  ): Promise<OtlpTracesData> {
    try {
      const response = await this.http.getJson<JaegerTracesResponse>(
        '/api/v3/traces',
        {
          'query.serviceName': search.service,
          'query.operationName': search.operation,
          'query.startTimeMin': search.start.toISOString(),
          'query.startTimeMax': search.end.toISOString(),
          'query.searchDepth': search.limit ?? 20,
          'query.durationMin': seconds(search.minDurationMs),
          'query.durationMax': seconds(search.maxDurationMs),
          'query.attributes':
            search.attributes && Object.keys(search.attributes).length
              ? JSON.stringify(search.attributes)
              : undefined,
        },
        options,
      );
      return response.result ?? {};
    } catch (error) {
      // The gateway answers an empty search with 404 "No traces found". Only
      // its own JSON error body counts: a 404 page of a proxy means a wrong URL.
      if (
        error instanceof UpstreamError &&
        error.status === 404 &&
        asJaegerError(error.body)
      ) {
        return { resourceSpans: [] };
      }
      throw error;
    }
  }

  /** One trace by its hex id; an `UpstreamError` of kind `not-found` when Jaeger has none. */
  async getTrace(
    traceId: string,
    window: { start?: Date; end?: Date } = {},
    options?: RequestOptions,
  ): Promise<OtlpTracesData> {
    const response = await this.http.getJson<JaegerTracesResponse>(
      `/api/v3/traces/${encodeURIComponent(traceId)}`,
      {
        startTime: window.start?.toISOString(),
        endTime: window.end?.toISOString(),
      },
      options,
    );
    return response.result ?? {};
  }

  /** The Jaeger UI page of a trace. */
  traceUrl(traceId: string): string {
    return `${this.publicUrl}/trace/${encodeURIComponent(traceId)}`;
  }

  /** The Jaeger UI search of a service's recent traces, e.g. lookback `1h`. */
  searchUrl(search: {
    service: string;
    operation?: string;
    lookback?: string;
  }): string {
    const query = new URLSearchParams({ service: search.service });
    if (search.operation) {
      query.set('operation', search.operation);
    }
    query.set('lookback', search.lookback ?? '1h');
    return `${this.publicUrl}/search?${query}`;
  }
}

/** Go duration in seconds, the form the OpenAPI's pattern allows (`0.25s`). */
function seconds(ms: number | undefined): string | undefined {
  if (ms === undefined) {
    return undefined;
  }
  // toFixed, not String(): tiny values must not turn into `1e-7`.
  return `${(ms / 1000).toFixed(9).replace(/\.?0+$/, '')}s`;
}

function asJaegerError(body: unknown): JaegerErrorBody | undefined {
  const error = (body as Partial<JaegerErrorBody> | undefined)?.error;
  return error && typeof error.message === 'string'
    ? (body as JaegerErrorBody)
    : undefined;
}
