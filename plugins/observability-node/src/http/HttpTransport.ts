import { setTimeout as sleep } from 'node:timers/promises';
import { kindOfStatus, UpstreamError, UpstreamSystem } from './UpstreamError';

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

/** Values of a query string; arrays repeat the key (`tag=a&tag=b`). */
export type QueryParams = Record<
  string,
  string | number | boolean | undefined | ReadonlyArray<string | number>
>;

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

/** A query string of `query`, without the undefined values. */
export function toSearchParams(query: QueryParams): URLSearchParams {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      search.append(key, String(v));
    }
  }
  return search;
}

/**
 * GETs with a timeout per attempt, retries with jitter on 5xx and network
 * failures, and every failure turned into an {@link UpstreamError}. Timeouts
 * are not retried: the caller's time budget is already spent.
 */
export class HttpTransport {
  private readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly random: () => number;

  constructor(private readonly options: HttpTransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = options.retry?.retries ?? 2;
    this.baseDelayMs = options.retry?.baseDelayMs ?? 200;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 2000;
    this.random = options.retry?.random ?? Math.random;
  }

  /** The absolute URL of `path` (which starts with `/`) below the base URL. */
  url(path: string, query: QueryParams = {}): string {
    const qs = toSearchParams(query).toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  async getJson<T>(
    path: string,
    query?: QueryParams,
    options?: RequestOptions,
  ): Promise<T> {
    const res = await this.send(path, query, 'application/json', options);
    const text = await this.read(res, `GET ${path}`, options, r => r.text());
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
    const res = await this.send(path, query, '*/*', options);
    const body = await this.read(
      res,
      `GET ${path}`,
      options,
      async r => new Uint8Array(await r.arrayBuffer()),
    );
    return { contentType: res.headers.get('content-type') ?? '', body };
  }

  /** Reads a body under the same timeout and cancellation as its headers. */
  private async read<T>(
    res: Response,
    operation: string,
    options: RequestOptions | undefined,
    reader: (res: Response) => Promise<T>,
  ): Promise<T> {
    try {
      return await reader(res);
    } catch (error) {
      if (options?.signal?.aborted) {
        throw options.signal.reason;
      }
      throw this.timeoutOr(error, operation, 1, () => ({
        kind: 'network',
        cause: error,
      }));
    }
  }

  private async send(
    path: string,
    query: QueryParams | undefined,
    accept: string,
    options: RequestOptions | undefined,
  ): Promise<Response> {
    const operation = `GET ${path}`;
    const url = this.url(path, query);
    for (let attempt = 1; ; attempt++) {
      const signal = this.attemptSignal(options?.signal);
      let failure: UpstreamError;
      try {
        const res = await this.fetchFn(url, {
          method: 'GET',
          headers: { accept, ...this.options.headers },
          signal,
        });
        if (res.ok) {
          return res;
        }
        failure = await this.httpError(res, operation, attempt);
      } catch (error) {
        if (options?.signal?.aborted) {
          throw options.signal.reason;
        }
        failure = this.timeoutOr(error, operation, attempt, () => ({
          kind: 'network',
          cause: error,
        }));
      }
      const retryable =
        failure.kind === 'network' ||
        (failure.kind === 'server-error' && failure.status !== 501);
      if (!retryable || attempt > this.retries) {
        throw failure;
      }
      await this.backoff(attempt, options?.signal);
    }
  }

  private attemptSignal(callerSignal?: AbortSignal): AbortSignal {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return callerSignal ? AbortSignal.any([callerSignal, timeout]) : timeout;
  }

  private async backoff(attempt: number, signal?: AbortSignal) {
    const ceiling = Math.min(
      this.maxDelayMs,
      this.baseDelayMs * 2 ** (attempt - 1),
    );
    await sleep(Math.floor(this.random() * ceiling), undefined, { signal });
  }

  private async httpError(
    res: Response,
    operation: string,
    attempts: number,
  ): Promise<UpstreamError> {
    // Read the explanation, but do not let a slow or huge error body matter.
    let text = '';
    try {
      text = await res.text();
    } catch {
      // The status alone still says what happened.
    }
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
        : res.statusText || undefined);
    return new UpstreamError({
      system: this.options.system,
      kind: kindOfStatus(res.status),
      operation,
      status: res.status,
      upstreamMessage,
      body,
      attempts,
    });
  }

  /** A timeout error when `error` is one, else the error `other` describes. */
  private timeoutOr(
    error: unknown,
    operation: string,
    attempts: number,
    other: () => Pick<
      ConstructorParameters<typeof UpstreamError>[0],
      'kind' | 'upstreamMessage' | 'cause'
    >,
  ): UpstreamError {
    const isTimeout =
      error instanceof DOMException && error.name === 'TimeoutError';
    return new UpstreamError({
      system: this.options.system,
      operation,
      attempts,
      ...(isTimeout
        ? { kind: 'timeout', timeoutMs: this.timeoutMs, cause: error }
        : other()),
    });
  }
}
