import {
  HttpOptions,
  HttpTransport,
  RequestOptions,
} from '../http/HttpTransport';
import { UpstreamError } from '../http/UpstreamError';
import {
  PrometheusMatrixData,
  PrometheusQueryData,
  PrometheusResponse,
} from '@internal/api-prometheus';

export interface PrometheusClientOptions extends HttpOptions {
  /** The Prometheus API root, e.g. `http://prometheus.monitoring:9090`. */
  baseUrl: string;
  /** Extra headers, e.g. `Authorization` of a managed Prometheus or a proxy. */
  headers?: Record<string, string>;
}

/** A query answer with the warnings Prometheus attached (partial data...). */
export type PrometheusResult<T> = T & { warnings: string[] };

/**
 * Instant and range queries against one Prometheus. A query Prometheus
 * refuses (`bad_data`, `execution`) becomes an `UpstreamError` whose
 * message carries Prometheus' own explanation.
 */
export class PrometheusClient {
  private readonly http: HttpTransport;

  constructor(options: PrometheusClientOptions) {
    this.http = new HttpTransport({
      ...options,
      system: 'prometheus',
      errorMessageOf: prometheusErrorMessage,
    });
  }

  /** Evaluates `expr` at one time (default: Prometheus' now). */
  async query(
    expr: string,
    at: { time?: Date } = {},
    options?: RequestOptions,
  ): Promise<PrometheusResult<PrometheusQueryData>> {
    return this.get<PrometheusQueryData>(
      '/api/v1/query',
      { query: expr, time: at.time ? unixSeconds(at.time) : undefined },
      options,
    );
  }

  /** Evaluates `expr` every `stepSeconds` from `start` to `end`. */
  async queryRange(
    expr: string,
    range: { start: Date; end: Date; stepSeconds: number },
    options?: RequestOptions,
  ): Promise<PrometheusResult<PrometheusMatrixData>> {
    return this.get<PrometheusMatrixData>(
      '/api/v1/query_range',
      {
        query: expr,
        start: unixSeconds(range.start),
        end: unixSeconds(range.end),
        step: range.stepSeconds,
      },
      options,
    );
  }

  private async get<T>(
    path: string,
    query: Record<string, string | number | undefined>,
    options?: RequestOptions,
  ): Promise<PrometheusResult<T>> {
    const response = await this.http.getJson<PrometheusResponse<T>>(
      path,
      query,
      options,
    );
    if (response.status !== 'success' || !response.data) {
      throw new UpstreamError({
        system: 'prometheus',
        kind: 'invalid-response',
        operation: `GET ${path}`,
        upstreamMessage:
          prometheusErrorMessage(response) ?? 'no data in the answer',
        body: response,
      });
    }
    return { ...response.data, warnings: response.warnings ?? [] };
  }
}

/** A sample's value as a number: `"0.05"`, `"NaN"`, `"+Inf"`, `"-Inf"`. */
export function parseSampleValue(value: string): number {
  switch (value) {
    case '+Inf':
      return Infinity;
    case '-Inf':
      return -Infinity;
    default:
      return Number(value);
  }
}

/** Seconds with millisecond precision, the form the API documents. */
function unixSeconds(date: Date): string {
  return (date.getTime() / 1000).toFixed(3);
}

function prometheusErrorMessage(body: unknown): string | undefined {
  const { errorType, error } = (body ?? {}) as PrometheusResponse<unknown>;
  if (typeof error !== 'string' || !error) {
    return undefined;
  }
  return errorType ? `${errorType}: ${error}` : error;
}
