import {
  HttpFailure,
  HttpTransport as SharedTransport,
  toSearchParams,
} from '@internal/http-transport';
import type { QueryParams } from '@internal/http-transport';
import { kindOfStatus, UpstreamError, UpstreamSystem } from './UpstreamError';

export { toSearchParams };
export type { QueryParams };

/** Bounded retry of idempotent reads; writes are never retried. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 disables. Default 2. */
  retries?: number;
  /**
   * Full-jitter exponential backoff: retry n waits a random time in
   * [0, min(maxDelayMs, baseDelayMs * 2^n)). Default 200 ms.
   */
  baseDelayMs?: number;
  /** Default 2000 ms. */
  maxDelayMs?: number;
  /** Source of jitter in [0, 1); tests pin it. Default Math.random. */
  random?: () => number;
}

/** Options every client takes for the way it talks HTTP. */
export interface HttpOptions {
  /** The fetch to use; default the global one. Tests and proxies inject theirs. */
  fetch?: typeof fetch;
  /** Limit of each attempt, headers and body included. Default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
}

/** Per-call options. */
export interface RequestOptions {
  /** Cancels the call (and any retry wait); the abort reason is rethrown as is. */
  signal?: AbortSignal;
}

export interface HttpTransportOptions extends HttpOptions {
  system: UpstreamSystem;
  /** The system's API root, possibly with a path (`https://example.com/grafana`). */
  baseUrl: string;
  headers?: Record<string, string>;
  /** Pulls the system's explanation out of an error body. */
  errorMessageOf(body: unknown): string | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Enough of an HTML or text error page to recognise it. */
const MAX_ERROR_TEXT = 500;

/**
 * GETs on the shared transport (`@internal/http-transport`): a timeout per
 * attempt, retries with jitter on 5xx, network failures and 429s that say
 * when, and every failure turned into an {@link UpstreamError}. Timeouts
 * are not retried: the caller's time budget is already spent.
 */
export class HttpTransport {
  private readonly http: SharedTransport;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpTransportOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.http = new SharedTransport({
      system: options.system,
      baseUrl: options.baseUrl,
      headers: options.headers,
      fetch: options.fetch ?? globalThis.fetch,
      timeoutMs: this.timeoutMs,
      random: options.retry?.random,
      retry: {
        retries: options.retry?.retries ?? 2,
        baseDelayMs: options.retry?.baseDelayMs ?? 200,
        maxDelayMs: options.retry?.maxDelayMs ?? 2000,
      },
      errorOf: failure => this.errorOf(failure),
    });
  }

  /** The absolute URL of `path` (which starts with `/`) below the base URL. */
  url(path: string, query: QueryParams = {}): string {
    return this.http.url(path, query);
  }

  async getJson<T>(
    path: string,
    query?: QueryParams,
    options?: RequestOptions,
  ): Promise<T> {
    const res = await this.get(path, query, 'application/json', options);
    const text = res.text();
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new UpstreamError({
        system: this.options.system,
        kind: 'invalid-response',
        operation: `GET ${path}`,
        status: res.status,
        upstreamMessage: `the body is not JSON (${String(error)})`,
      });
    }
  }

  async getBytes(
    path: string,
    query?: QueryParams,
    options?: RequestOptions,
  ): Promise<{ contentType: string; body: Uint8Array }> {
    const res = await this.get(path, query, '*/*', options);
    return {
      contentType: res.headers.get('content-type') ?? '',
      body: res.body,
    };
  }

  private get(
    path: string,
    query: QueryParams | undefined,
    accept: string,
    options: RequestOptions | undefined,
  ) {
    return this.http.request({
      method: 'GET',
      path,
      query,
      headers: { accept },
      operation: `GET ${path}`,
      signal: options?.signal,
    });
  }

  private errorOf(failure: HttpFailure): UpstreamError {
    const { operation, attempts } = failure;
    const system = this.options.system;
    if (failure.kind === 'timeout') {
      return new UpstreamError({
        system,
        operation,
        attempts,
        kind: 'timeout',
        timeoutMs: this.timeoutMs,
        cause: failure.cause,
      });
    }
    if (failure.kind === 'network') {
      return new UpstreamError({
        system,
        operation,
        attempts,
        kind: 'network',
        cause: failure.cause,
      });
    }
    const text = failure.text ?? '';
    let body: unknown = text.slice(0, MAX_ERROR_TEXT);
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: proxies and load balancers answer in HTML or plain text.
    }
    const upstreamMessage =
      this.options.errorMessageOf(body) ??
      (typeof body === 'string' && body.trim()
        ? body.trim()
        : failure.statusText || undefined);
    return new UpstreamError({
      system,
      kind: kindOfStatus(failure.status!),
      operation,
      status: failure.status,
      upstreamMessage,
      body,
      attempts,
    });
  }
}
