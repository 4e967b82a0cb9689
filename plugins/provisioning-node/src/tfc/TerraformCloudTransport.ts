import type { LoggerService } from '@backstage/backend-plugin-api';
import { Clock, HttpFailure, HttpTransport } from '@internal/http-transport';
import { TerraformCloudError } from './TerraformCloudError';
import { TokenBucket } from './TokenBucket';
import type { ErrorObject } from '@internal/api-tfc';

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
 * Sends Terraform Cloud API calls on the shared transport
 * (`@internal/http-transport`): bearer token, JSON:API bodies, and errors
 * that name the call. What Terraform Cloud adds to the shared policy: it
 * rejects a rate-limited call before doing anything, so every 429 may be
 * repeated; and its API is slow rather than overloaded, so timeouts of
 * idempotent calls are retried. It logs calls and retries, never bodies,
 * tokens or secret URLs.
 */
export class TerraformCloudTransport {
  private readonly http: HttpTransport;

  constructor(private readonly options: TransportOptions) {
    this.http = new HttpTransport({
      system: 'Terraform Cloud',
      baseUrl: options.apiUrl,
      fetch: options.fetch,
      clock: options.clock,
      random: options.random,
      logger: options.logger,
      timeoutMs: options.timeoutMs,
      retry: {
        retries: options.maxRetries,
        baseDelayMs: options.backoff.baseMs,
        maxDelayMs: options.backoff.maxMs,
        maxRetryAfterMs: options.maxRateLimitWaitMs,
        timeouts: true,
        rateLimitedCallsAreNotRun: true,
      },
      errorOf: failure => this.errorOf(failure),
    });
  }

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

    const response = await this.http.request({
      method: call.method,
      path: call.url ? undefined : call.path,
      url: call.url,
      headers,
      body,
      operation: described,
      idempotent: call.idempotent,
      ok: call.ok,
      beforeAttempt: call.throttle && (() => call.throttle!.take()),
    });
    const text = response.text();
    if (!text) {
      return undefined as T;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw TerraformCloudError.invalidResponse({
        call: described,
        reason: `HTTP ${response.status} with a body that is not JSON`,
        status: response.status,
        attempts: response.attempts,
      });
    }
  }

  private errorOf(failure: HttpFailure): TerraformCloudError {
    const { operation: call, attempts, notRetried, cause } = failure;
    if (failure.kind === 'timeout') {
      return TerraformCloudError.timeout({
        call,
        timeoutMs: this.options.timeoutMs,
        attempts,
        notRetried,
        cause,
      });
    }
    if (failure.kind === 'network') {
      return TerraformCloudError.network({ call, attempts, notRetried, cause });
    }
    return TerraformCloudError.fromResponse({
      call,
      status: failure.status!,
      errors: parseErrors(failure.text ?? ''),
      attempts,
      notRetried,
    });
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
