import {
  Clock,
  fullJitterDelayMs,
  requestedDelayMs,
  systemClock,
} from './backoff';
import { upstreamError, UpstreamFailureKind } from './upstreamError';

/** Values of a query string; arrays repeat the key (`tag=a&tag=b`). */
export type QueryParams = Record<
  string,
  string | number | boolean | undefined | ReadonlyArray<string | number>
>;

/** What the transport logs to: Backstage's logger, or anything shaped like it. */
export interface TransportLogger {
  debug(message: string): void;
  warn(message: string): void;
}

/** How a transport retries. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 disables. Default 2. */
  retries?: number;
  /** First back-off ceiling; it doubles per retry up to `maxDelayMs`. Default 250 ms. */
  baseDelayMs?: number;
  /** Default 5 000 ms. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` (or `X-RateLimit-Reset`) the transport waits
   * for; an answer asking for more is the caller's error at once. Default 60 000 ms.
   */
  maxRetryAfterMs?: number;
  /**
   * Retry idempotent calls that timed out. Default false: the caller's time
   * budget is usually spent, and a slow system must not hold a page three
   * times as long.
   */
  timeouts?: boolean;
  /**
   * The system rejects a rate-limited call before doing anything (Terraform
   * Cloud does), so a 429 may be retried for any call, waiting with back-off
   * when it does not say how long. Otherwise a 429 is retried only for
   * idempotent calls, and only when it says when.
   */
  rateLimitedCallsAreNotRun?: boolean;
}

export interface HttpTransportOptions {
  /** The system's name, for messages and logs: `Terraform Cloud`, `Grafana`. */
  system: string;
  /** The API root (a trailing slash is dropped); calls give a `path` below it. */
  baseUrl?: string;
  /** Headers of every call (a call's own headers win). */
  headers?: Record<string, string>;
  /** The fetch to use; default the global one (Node's undici). */
  fetch?: typeof fetch;
  /** Limit of each attempt, headers and body included. Default 10 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  clock?: Clock;
  /** Source of jitter in [0, 1); tests pin it. Default Math.random. */
  random?: () => number;
  logger?: TransportLogger;
  /**
   * Turns a failure into the error the call throws; default an
   * {@link upstreamError} (a Backstage error). Clients with an error type of
   * their own give theirs here.
   */
  errorOf?: (failure: HttpFailure) => Error;
}

/** One call, as a client describes it. */
export interface HttpCall {
  method: string;
  /** Below `baseUrl`, starting with `/`. */
  path?: string;
  /** An absolute URL instead of `path` (pagination links, upload URLs). */
  url?: string;
  query?: QueryParams;
  headers?: Record<string, string>;
  /** Sent as JSON, with `content-type: application/json` unless the headers say otherwise. */
  json?: unknown;
  /** A raw body. */
  body?: BodyInit;
  /**
   * How the call appears in logs and errors, e.g. `getRun (GET /runs/run-1)`;
   * default `METHOD path`. Name it when the URL holds a secret.
   */
  operation?: string;
  /**
   * True when sending the request twice does no harm. Default: what RFC 9110
   * calls idempotent (GET, HEAD, OPTIONS, PUT, DELETE). A call that is not
   * is retried only when the system surely did not act on it: a connection
   * that was never made, or a 429 of a system that says it rejects before
   * acting. A 5xx or a timeout may come after the work was done.
   */
  idempotent?: boolean;
  /** Statuses that mean success; default 200-299. */
  ok?: number[];
  /** Cancels the call and any wait; its reason is rethrown as it is. */
  signal?: AbortSignal;
  /** Runs before every attempt (a throttle). */
  beforeAttempt?: () => Promise<void>;
  /** This call's own error mapping. */
  errorOf?: (failure: HttpFailure) => Error;
}

/** A successful answer, body read. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  /** How many requests were sent. */
  attempts: number;
  text(): string;
}

/** A call that failed, after whatever retries it was allowed. */
export interface HttpFailure {
  system: string;
  operation: string;
  kind: Exclude<UpstreamFailureKind, 'invalid-response'>;
  attempts: number;
  /**
   * Set when the call was not retried because the system may have acted on
   * it (a 5xx, a timeout or a broken connection of a non-idempotent call).
   */
  notRetried: boolean;
  /** With kind `status`. */
  status?: number;
  statusText?: string;
  headers?: Headers;
  /** The error body as text (with kind `status`). */
  text?: string;
  /** With kind `timeout`. */
  timeoutMs?: number;
  /** The fetch error (kind `network` and `timeout`). */
  cause?: unknown;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** Connection errors after which the request surely never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
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
 * Sends the calls of one client to one external system: a timeout per
 * attempt (body included), the caller's abort, retries of what may be
 * retried, with full-jitter back-off or the wait a 429/503 asks for, and
 * every failure as one error. It logs calls and retries, never bodies.
 */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly maxRetryAfterMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: HttpTransportOptions) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retry?.retries ?? 2;
    this.backoff = {
      baseMs: options.retry?.baseDelayMs ?? 250,
      maxMs: options.retry?.maxDelayMs ?? 5_000,
    };
    this.maxRetryAfterMs = options.retry?.maxRetryAfterMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }

  /** The absolute URL of `path` below the base URL. */
  url(path: string, query: QueryParams = {}): string {
    const qs = toSearchParams(query).toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends a call, with retries; resolves with the answer, body read. */
  async request(call: HttpCall): Promise<HttpResponse> {
    const { system, logger } = this.options;
    const url = call.url ?? this.url(call.path ?? '', call.query);
    const operation =
      call.operation ?? `${call.method} ${call.path ?? new URL(url).pathname}`;
    const idempotent = call.idempotent ?? IDEMPOTENT_METHODS.has(call.method);
    const headers: Record<string, string> = {
      ...this.options.headers,
      ...call.headers,
    };
    let body = call.body;
    if (call.json !== undefined) {
      body = JSON.stringify(call.json);
      if (!Object.keys(headers).some(h => h.toLowerCase() === 'content-type')) {
        headers['content-type'] = 'application/json';
      }
    }
    const fail = (failure: Omit<HttpFailure, 'system' | 'operation'>) =>
      (call.errorOf ?? this.options.errorOf ?? defaultError)({
        system,
        operation,
        ...failure,
      });
    const retry = async (attempt: number, why: string, delay: number) => {
      logger?.warn(
        `${why}; retry ${attempt} of ${this.retries} in ${delay} ms`,
      );
      await this.clock.sleep(delay, call.signal);
    };
    const jitter = (attempt: number) =>
      fullJitterDelayMs(attempt - 1, this.backoff, this.random);

    for (let attempt = 1; ; attempt++) {
      const retriesLeft = attempt <= this.retries;
      if (call.signal?.aborted) {
        throw call.signal.reason;
      }
      await call.beforeAttempt?.();

      const timeout = AbortSignal.timeout(this.timeoutMs);
      const signal = call.signal
        ? AbortSignal.any([call.signal, timeout])
        : timeout;
      let response: Response;
      let bytes: Uint8Array;
      try {
        response = await this.fetchFn(url, {
          method: call.method,
          headers,
          body,
          signal,
        });
        // The timeout covers the body too: a stalled body is a timeout.
        bytes = new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        if (call.signal?.aborted) {
          // The caller gave up; that is not the system's failure.
          throw call.signal.reason ?? error;
        }
        const timedOut = timeout.aborted || isTimeout(error);
        const neverSent = !timedOut && isNeverSent(error);
        const mayRetry = timedOut
          ? idempotent && !!this.options.retry?.timeouts
          : idempotent || neverSent;
        if (retriesLeft && mayRetry) {
          await retry(
            attempt,
            `${system} ${operation} ${
              timedOut
                ? `timed out after ${this.timeoutMs} ms`
                : 'could not connect'
            }`,
            jitter(attempt),
          );
          continue;
        }
        throw fail({
          kind: timedOut ? 'timeout' : 'network',
          attempts: attempt,
          notRetried: retriesLeft && !mayRetry && !idempotent,
          timeoutMs: timedOut ? this.timeoutMs : undefined,
          cause: error,
        });
      }

      const { status } = response;
      logger?.debug(`${system} ${operation} answered ${status}`);
      const ok = call.ok
        ? call.ok.includes(status)
        : status >= 200 && status < 300;
      if (ok) {
        return {
          status,
          statusText: response.statusText,
          headers: response.headers,
          body: bytes,
          attempts: attempt,
          text: () => new TextDecoder().decode(bytes),
        };
      }

      if (retriesLeft) {
        const asked =
          status === 429 || status === 503
            ? requestedDelayMs(response.headers, this.clock.now())
            : undefined;
        const waitable = asked === undefined || asked <= this.maxRetryAfterMs;
        if (status === 429 && waitable) {
          const anyCall = !!this.options.retry?.rateLimitedCallsAreNotRun;
          if (anyCall || (idempotent && asked !== undefined)) {
            await retry(
              attempt,
              `${system} rate-limited ${operation}`,
              asked ?? jitter(attempt),
            );
            continue;
          }
        }
        // 501 Not Implemented does not pass by waiting.
        if (status >= 500 && status !== 501 && idempotent && waitable) {
          await retry(
            attempt,
            `${system} ${operation} answered ${status}`,
            asked ?? jitter(attempt),
          );
          continue;
        }
      }
      throw fail({
        kind: 'status',
        status,
        statusText: response.statusText,
        headers: response.headers,
        text: new TextDecoder().decode(bytes),
        attempts: attempt,
        notRetried: status >= 500 && !idempotent && retriesLeft,
      });
    }
  }

  /** Sends a call and parses its JSON answer (undefined when empty). */
  async json<T>(call: HttpCall): Promise<T> {
    const response = await this.request({
      ...call,
      headers: { accept: 'application/json', ...call.headers },
    });
    const text = response.text();
    if (!text) {
      return undefined as T;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw upstreamError(
        `${this.options.system} ${
          call.operation ?? `${call.method} ${call.path}`
        } gave an answer that is not JSON`,
        {
          system: this.options.system,
          operation: call.operation ?? `${call.method} ${call.path}`,
          kind: 'invalid-response',
          upstreamStatus: response.status,
          attempts: response.attempts,
        },
        error,
      );
    }
  }
}

/**
 * The system's explanation in an error body: the `message` or `error` of a
 * JSON body (Grafana, Argo CD, Prometheus, Backstage's own error bodies),
 * the titles and details of JSON:API `errors`, else the start of the text.
 */
export function upstreamMessageOf(
  text: string | undefined,
): string | undefined {
  if (!text?.trim()) {
    return undefined;
  }
  try {
    const body = JSON.parse(text);
    const nested = body?.error;
    const message =
      (typeof body?.message === 'string' && body.message) ||
      (typeof nested === 'string' && nested) ||
      (typeof nested?.message === 'string' && nested.message) ||
      (Array.isArray(body?.errors) &&
        body.errors
          .map((e: { title?: string; detail?: string }) =>
            [e?.title, e?.detail].filter(Boolean).join(': '),
          )
          .filter(Boolean)
          .join('; '));
    if (message) {
      return message;
    }
  } catch {
    // Not JSON: proxies and load balancers answer in HTML or plain text.
  }
  return text.trim().slice(0, MAX_ERROR_TEXT);
}

/** The default error of a failure: the matching @backstage/errors error. */
function defaultError(failure: HttpFailure): Error {
  const { system, operation, attempts } = failure;
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  const upstreamMessage =
    failure.kind === 'status'
      ? upstreamMessageOf(failure.text) ?? failure.statusText
      : undefined;
  let message: string;
  switch (failure.kind) {
    case 'timeout':
      message = `${system} ${operation} timed out after ${failure.timeoutMs} ms${tries}`;
      break;
    case 'network':
      message = `${system} ${operation} could not be sent${tries}: ${causeMessage(
        failure.cause,
      )}`;
      break;
    default:
      message = `${system} ${operation} failed with HTTP ${failure.status}${
        upstreamMessage ? `: ${upstreamMessage}` : ''
      }${tries}`;
  }
  if (failure.notRetried) {
    message += ` (not retried: ${system} may have acted on the request)`;
  }
  return upstreamError(message, {
    system,
    operation,
    kind: failure.kind,
    upstreamStatus: failure.status,
    upstreamMessage: upstreamMessage || undefined,
    attempts,
  });
}

/**
 * `fetch failed (connect ECONNREFUSED ...)`: undici hides the socket error
 * in cause.cause. Read by shape: under jest, fetch's errors come from
 * another realm and are not `instanceof Error`.
 */
export function causeMessage(cause: unknown): string {
  const messageOf = (e: unknown) =>
    typeof (e as { message?: unknown })?.message === 'string'
      ? (e as { message: string }).message
      : undefined;
  const outer = messageOf(cause);
  if (outer === undefined) {
    return String(cause);
  }
  const inner = messageOf((cause as { cause?: unknown }).cause);
  return inner ? `${outer} (${inner})` : outer;
}

/**
 * AbortSignal.timeout() makes fetch reject with a DOMException named
 * TimeoutError. Checked by name: a DOMException is not always an `instanceof
 * Error` (it comes from another realm under jest, for one).
 */
function isTimeout(error: unknown): boolean {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: unknown };
  return (
    name === 'TimeoutError' ||
    (name === 'AbortError' &&
      (cause as { name?: unknown } | undefined)?.name === 'TimeoutError')
  );
}

/** Node's fetch fails with TypeError("fetch failed") whose cause has the socket error code. */
function isNeverSent(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' && NOT_SENT_CODES.has(code);
}
