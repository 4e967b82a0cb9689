import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/** Why a call to an external system gave no usable answer. */
export type UpstreamFailureKind =
  /** The system answered with an error status. */
  | 'status'
  /** No answer within the timeout. */
  | 'timeout'
  /** No connection (DNS, refused, reset...). */
  | 'network'
  /** An answer the client cannot use (e.g. a 200 whose body is not JSON). */
  | 'invalid-response';

/** What is known of a failed upstream call, whatever error class carries it. */
export interface UpstreamDetails {
  /** The external system, e.g. `Terraform Cloud`, `Argo CD`, `Grafana`. */
  system: string;
  /** The call, e.g. `GET /api/v1/applications`; never a secret URL or body. */
  operation: string;
  kind: UpstreamFailureKind;
  /**
   * The upstream HTTP status. Deliberately not the error's `status`:
   * Backstage's error handler answers our own caller with that one.
   */
  upstreamStatus?: number;
  /** The system's own explanation, unchanged. */
  upstreamMessage?: string;
  /** How many requests were sent, retries included. */
  attempts: number;
}

/** The @backstage/errors classes an upstream failure becomes. */
export type BackstageErrorName =
  | 'InputError'
  | 'AuthenticationError'
  | 'NotAllowedError'
  | 'NotFoundError'
  | 'ConflictError'
  | 'ServiceUnavailableError';

const CLASSES = {
  InputError,
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
  ConflictError,
  ServiceUnavailableError,
};

/**
 * Which Backstage error an upstream failure is, so that Backstage's error
 * handler answers the caller with the right status: what the caller asked
 * for is missing (404/410), conflicts with the system's state (409/412) or
 * is refused (400/422 and other 4xx), or the system cannot be used now
 * (429, 5xx, timeouts, no connection, unreadable answers).
 */
export function backstageErrorNameOf(
  kind: UpstreamFailureKind,
  status?: number,
): BackstageErrorName {
  if (kind !== 'status' || status === undefined) {
    return 'ServiceUnavailableError';
  }
  switch (status) {
    case 401:
      return 'AuthenticationError';
    case 403:
      return 'NotAllowedError';
    case 404:
    case 410:
      return 'NotFoundError';
    case 409:
    case 412:
      return 'ConflictError';
    case 429:
      return 'ServiceUnavailableError';
    default:
      return status >= 500 ? 'ServiceUnavailableError' : 'InputError';
  }
}

const STATUS_OF: Record<BackstageErrorName, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  ServiceUnavailableError: 503,
};

/**
 * An @backstage/errors error that also says what the upstream system
 * answered. Its `status` is the one the portal answers with (what
 * Backstage's error handler reads first), never the upstream's: an upstream
 * 502 is our 503.
 */
export type UpstreamError = Error & {
  readonly upstream: UpstreamDetails;
  readonly status: number;
};

/**
 * The Backstage error for an upstream failure: an instance of the matching
 * @backstage/errors class (so `NotFoundError.is(e)`, `instanceof` and the
 * error handler all work), with the details in `upstream`.
 */
export function upstreamError(
  message: string,
  details: UpstreamDetails,
  cause?: unknown,
): UpstreamError {
  const name = backstageErrorNameOf(details.kind, details.upstreamStatus);
  return Object.assign(new CLASSES[name](message, cause), {
    upstream: details,
    status: STATUS_OF[name],
  });
}

/** True for an error made by {@link upstreamError}. */
export function isUpstreamError(error: unknown): error is UpstreamError {
  const upstream = (error as { upstream?: Partial<UpstreamDetails> })?.upstream;
  return (
    error instanceof Error &&
    typeof upstream?.system === 'string' &&
    typeof upstream?.operation === 'string'
  );
}

/**
 * Translates a client's own error (which carries the upstream `status`) to
 * the Backstage error of the same meaning, keeping its message and the
 * original as the cause. For engines and services whose errors reach a
 * router: the client error's `status` is the upstream's and must not become
 * the answer's (an upstream 502 is our 503).
 */
export function toBackstageError(
  error: Error & { status?: number },
  details: Omit<UpstreamDetails, 'upstreamStatus' | 'attempts' | 'kind'> &
    Partial<Pick<UpstreamDetails, 'kind' | 'attempts'>>,
): UpstreamError {
  const status = typeof error.status === 'number' ? error.status : undefined;
  const translated = upstreamError(error.message, {
    kind: details.kind ?? (status === undefined ? 'network' : 'status'),
    attempts: details.attempts ?? 1,
    system: details.system,
    operation: details.operation,
    upstreamMessage: details.upstreamMessage,
    upstreamStatus: status,
  });
  // Set afterwards: as a constructor argument the cause's message would be
  // appended to a message that already is the cause's.
  (translated as { cause?: unknown }).cause = error;
  return translated;
}
