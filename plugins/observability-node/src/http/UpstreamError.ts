import { causeMessage } from '@internal/http-transport';

/** The external systems the observability clients talk to. */
export type UpstreamSystem =
  | 'grafana'
  | 'jaeger'
  | 'prometheus'
  | 'elasticsearch';

/**
 * What went wrong, so callers can decide without parsing messages: a router
 * turns `not-found` into a 404 and `timeout`/`server-error` into a degraded
 * card, and only `unauthorized`/`forbidden` point at configuration.
 */
export type UpstreamErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'client-error'
  | 'server-error'
  | 'timeout'
  | 'network'
  | 'invalid-response';

const SYSTEM_TITLES: Record<UpstreamSystem, string> = {
  grafana: 'Grafana',
  jaeger: 'Jaeger',
  prometheus: 'Prometheus',
  elasticsearch: 'Elasticsearch',
};

/** Maps an HTTP status of a failed response to the kind of failure. */
export function kindOfStatus(status: number): UpstreamErrorKind {
  switch (status) {
    case 400:
    case 422:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 429:
      return 'rate-limited';
    default:
      return status >= 500 ? 'server-error' : 'client-error';
  }
}

export interface UpstreamErrorOptions {
  system: UpstreamSystem;
  kind: UpstreamErrorKind;
  /** e.g. `GET /api/search`; never the query string (it can be long). */
  operation: string;
  /** The HTTP status, when the system answered. */
  status?: number;
  /** The system's own explanation (Grafana `message`, Prometheus `error`...). */
  upstreamMessage?: string;
  /** The parsed error body, for callers that need more than the message. */
  body?: unknown;
  /** How many requests were made, retries included. */
  attempts?: number;
  timeoutMs?: number;
  cause?: unknown;
}

/** A call to Grafana, Jaeger or Prometheus that did not give a usable answer. */
export class UpstreamError extends Error {
  readonly system: UpstreamSystem;
  readonly kind: UpstreamErrorKind;
  readonly operation: string;
  readonly status?: number;
  readonly upstreamMessage?: string;
  readonly body?: unknown;
  readonly attempts: number;

  constructor(options: UpstreamErrorOptions) {
    super(describe(options), { cause: options.cause });
    this.name = 'UpstreamError';
    this.system = options.system;
    this.kind = options.kind;
    this.operation = options.operation;
    this.status = options.status;
    this.upstreamMessage = options.upstreamMessage;
    this.body = options.body;
    this.attempts = options.attempts ?? 1;
  }

  /** True for failures that may pass if asked again later. */
  get transient(): boolean {
    return ['server-error', 'timeout', 'network', 'rate-limited'].includes(
      this.kind,
    );
  }
}

function describe(o: UpstreamErrorOptions): string {
  const prefix = `${SYSTEM_TITLES[o.system]} ${o.operation}`;
  const tries = o.attempts && o.attempts > 1 ? ` (${o.attempts} attempts)` : '';
  const detail = o.upstreamMessage ? `: ${o.upstreamMessage}` : '';
  switch (o.kind) {
    case 'timeout':
      return `${prefix} timed out after ${o.timeoutMs} ms${tries}`;
    case 'network':
      return `${prefix} could not be sent${tries}: ${causeMessage(o.cause)}`;
    case 'invalid-response':
      return `${prefix} gave an unreadable answer${detail}`;
    case 'unauthorized':
    case 'forbidden':
      // The usual cause is configuration, so say where to look.
      return `${prefix} was refused with HTTP ${o.status}${detail} (check the configured token and its permissions)`;
    default:
      return `${prefix} failed with HTTP ${o.status}${detail}${tries}`;
  }
}
