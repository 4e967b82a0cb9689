import type { LoggerService } from '@backstage/backend-plugin-api';
import { Clock, fullJitterDelayMs, requestedDelayMs } from './backoff';
import { TerraformCloudError } from './TerraformCloudError';
import { TokenBucket } from './TokenBucket';
import type { ErrorObject } from './types';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** One API call, as the client describes it to the transport. */
export interface Call {
  /** The client method, for messages. */
  name: string;
  method: Method;
  /** Path below /api/v2, with its query string. */
  path?: string;
  /** An absolute URL instead of `path` (pagination links, upload URLs). */
  url?: string;
  /** How the URL appears in logs and errors, when it is a secret. */
  shownUrl?: string;
  json?: unknown;
  binary?: Uint8Array;
  /** Statuses that mean success. */
  ok: number[];
  /**
   * True when sending the request twice does no harm. Calls that are not
   * idempotent (creating a run, run actions, creating resources) are retried
   * only when Terraform Cloud surely did not act on them: a 429, or a
   * connection that was never made. A 5xx or a timeout may come after the
   * work was done, and a second run or apply is worse than an error.
   */
  idempotent: boolean;
  /** Send the bearer token (not to blob storage URLs). */
  authenticated?: boolean;
  /** Throttle that every attempt must pass. */
  throttle?: TokenBucket;
}

const JSON_API = 'application/vnd.api+json';

/** Connection errors after which the request surely never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** How the transport sends, waits and retries. */
export interface TransportOptions {
  /** Base URL of the API, ending in /api/v2. */
  apiUrl: string;
  token: string;
  fetch: typeof fetch;
  clock: Clock;
  random: () => number;
  logger?: Pick<LoggerService, 'debug' | 'warn'>;
  timeoutMs: number;
  maxRetries: number;
  backoff: { baseMs: number; maxMs: number };
  maxRateLimitWaitMs: number;
}

/**
 * Sends Terraform Cloud API calls: bearer token, JSON:API bodies, a timeout
 * per attempt, retries of what may be retried, and errors that name the
 * call. It logs calls and retries, never bodies, tokens or secret URLs.
 */
export class TerraformCloudTransport {
  constructor(private readonly options: TransportOptions) {}

  get apiUrl(): string {
    return this.options.apiUrl;
  }

  private describe(call: Call): string {
    let shown = call.shownUrl ?? call.path;
    if (!shown && call.url) {
      const url = new URL(call.url);
      shown = url.href.startsWith(this.apiUrl)
        ? url.href.slice(this.apiUrl.length)
        : `${url.origin}${url.pathname}`;
    }
    return `${call.name} (${call.method} ${shown})`;
  }

  /** Sends a call with retries; returns the parsed JSON body (undefined when empty). */
  async send<T>(call: Call): Promise<T> {
    const described = this.describe(call);
    const url = call.url ?? `${this.apiUrl}${call.path}`;
    const headers: Record<string, string> = { accept: JSON_API };
    if (call.authenticated !== false) {
      headers.authorization = `Bearer ${this.options.token}`;
    }
    let body: BodyInit | undefined;
    if (call.binary) {
      headers['content-type'] = 'application/octet-stream';
      body = call.binary;
    } else if (call.json !== undefined) {
      headers['content-type'] = JSON_API;
      body = JSON.stringify(call.json);
    }

    for (let attempt = 1; ; attempt++) {
      const retriesLeft = attempt <= this.options.maxRetries;
      await call.throttle?.take();

      let status: number;
      let responseHeaders: Headers;
      let text: string;
      try {
        const response = await this.options.fetch(url, {
          method: call.method,
          headers,
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        status = response.status;
        responseHeaders = response.headers;
        // The timeout covers the body too: a stalled body is a timeout.
        text = await response.text();
      } catch (error) {
        const timedOut = isTimeout(error);
        const neverSent = !timedOut && isNeverSent(error);
        if (retriesLeft && (call.idempotent || neverSent)) {
          const delay = fullJitterDelayMs(
            attempt - 1,
            this.options.backoff,
            this.options.random,
          );
          this.options.logger?.warn(
            `Terraform Cloud ${described} ${
              timedOut
                ? `timed out after ${this.options.timeoutMs} ms`
                : 'could not connect'
            }; retry ${attempt} of ${this.options.maxRetries} in ${delay} ms`,
          );
          await this.options.clock.sleep(delay);
          continue;
        }
        if (timedOut) {
          throw TerraformCloudError.timeout({
            call: described,
            timeoutMs: this.options.timeoutMs,
            attempts: attempt,
            notRetried: !call.idempotent && retriesLeft,
            cause: error,
          });
        }
        throw TerraformCloudError.network({
          call: described,
          attempts: attempt,
          notRetried: !call.idempotent && retriesLeft,
          cause: error,
        });
      }

      this.options.logger?.debug(
        `Terraform Cloud ${described} answered ${status}`,
      );

      if (call.ok.includes(status)) {
        if (!text) {
          return undefined as T;
        }
        try {
          return JSON.parse(text) as T;
        } catch {
          throw TerraformCloudError.invalidResponse({
            call: described,
            reason: `HTTP ${status} with a body that is not JSON`,
            status,
            attempts: attempt,
          });
        }
      }

      const errors = parseErrors(text);
      if (status === 429 && retriesLeft) {
        // Terraform Cloud rejects rate-limited calls before doing anything,
        // so every call, idempotent or not, may be repeated.
        const requested = requestedDelayMs(
          responseHeaders,
          this.options.clock.now(),
        );
        if (
          requested === undefined ||
          requested <= this.options.maxRateLimitWaitMs
        ) {
          const delay =
            requested ??
            fullJitterDelayMs(
              attempt - 1,
              this.options.backoff,
              this.options.random,
            );
          this.options.logger?.warn(
            `Terraform Cloud rate-limited ${described}; retry ${attempt} of ${this.options.maxRetries} in ${delay} ms`,
          );
          await this.options.clock.sleep(delay);
          continue;
        }
      }
      if (status >= 500 && retriesLeft && call.idempotent) {
        const delay = fullJitterDelayMs(
          attempt - 1,
          this.options.backoff,
          this.options.random,
        );
        this.options.logger?.warn(
          `Terraform Cloud ${described} answered ${status}; retry ${attempt} of ${this.options.maxRetries} in ${delay} ms`,
        );
        await this.options.clock.sleep(delay);
        continue;
      }
      throw TerraformCloudError.fromResponse({
        call: described,
        status,
        errors,
        attempts: attempt,
        notRetried: status >= 500 && !call.idempotent && retriesLeft,
      });
    }
  }
}

/** The JSON:API `errors` of an error answer, if it has any. */
function parseErrors(text: string): ErrorObject[] {
  try {
    const parsed = JSON.parse(text);
    if (Array.isArray(parsed?.errors)) {
      return parsed.errors.map((e: Record<string, unknown>) => ({
        // The docs' 429 example has a numeric status; the spec a string.
        status: e.status === undefined ? undefined : String(e.status),
        title: typeof e.title === 'string' ? e.title : undefined,
        detail: typeof e.detail === 'string' ? e.detail : undefined,
        source:
          e.source && typeof e.source === 'object'
            ? (e.source as ErrorObject['source'])
            : undefined,
      }));
    }
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): only the status is known.
  }
  return [];
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
