import { CustomErrorBase } from '@backstage/errors';
import { runtimeError } from '@internal/api-argocd';

/**
 * What went wrong, for callers that must react differently (show "no
 * access", offer to suspend auto-sync, ask to retry later) without parsing
 * messages.
 */
export type ArgoCDErrorReason =
  /** 401: the token is missing, expired or wrong. */
  | 'unauthenticated'
  /**
   * 403 without a `project`: Argo CD answers "permission denied" both for an
   * application that does not exist and for one the caller may not see.
   */
  | 'notFoundOrForbidden'
  /** 404: only with a `project` does Argo CD say that an app does not exist. */
  | 'notFound'
  /** 400: rollback is refused while auto-sync is enabled. */
  | 'autoSyncEnabled'
  /** 400 (or 409): a sync or rollback is already running. */
  | 'operationInProgress'
  /** Another 400/409/422: the request itself was wrong. */
  | 'badRequest'
  /** 429 or 5xx. */
  | 'unavailable'
  /**
   * 410 in a watch: the resourceVersion to resume from is older than the
   * server remembers; list again and watch from the list's version.
   */
  | 'expired'
  /** No answer within the timeout. */
  | 'timeout'
  /** The connection failed (refused, reset, DNS). */
  | 'network'
  | 'unknown';

export interface ArgoCDErrorOptions {
  reason: ArgoCDErrorReason;
  /** e.g. `POST /api/v1/applications/payments-api-prod/rollback`. */
  request: string;
  /** The HTTP status, when Argo CD answered. */
  status?: number;
  /** Argo CD's error body, when it sent one. */
  body?: runtimeError;
  cause?: unknown;
}

/** A failed call to Argo CD, with a message a person can act on. */
export class ArgoCDError extends CustomErrorBase {
  readonly reason: ArgoCDErrorReason;
  readonly request: string;
  readonly status?: number;
  /** Argo CD's gRPC status code (`code` of its error body). */
  readonly code?: number;
  /** Argo CD's own message, unchanged. */
  readonly argoMessage?: string;

  constructor(message: string, options: ArgoCDErrorOptions) {
    super(message, options.cause);
    this.reason = options.reason;
    this.request = options.request;
    this.status = options.status;
    this.code = options.body?.code;
    this.argoMessage = options.body?.message ?? options.body?.error;
  }

  /** Whether retrying the same request later could succeed. */
  get transient(): boolean {
    return ['unavailable', 'timeout', 'network'].includes(this.reason);
  }
}

/** Classifies an HTTP error answer and words it for the person who caused it. */
export function errorFromResponse(options: {
  request: string;
  status: number;
  statusText: string;
  body: runtimeError | undefined;
  application?: string;
}): ArgoCDError {
  const { request, status, body, application } = options;
  const argoMessage = body?.message ?? body?.error ?? options.statusText;
  const subject = application
    ? `Argo CD application '${application}'`
    : 'Argo CD';
  const make = (reason: ArgoCDErrorReason, message: string) =>
    new ArgoCDError(message, { reason, request, status, body });

  if (status === 401) {
    return make(
      'unauthenticated',
      `Argo CD rejected the credentials (401: ${argoMessage}); check the token or the session login`,
    );
  }
  if (status === 403) {
    return make(
      'notFoundOrForbidden',
      `${subject} not found or no access — Argo CD answers 403 for missing apps (${argoMessage})`,
    );
  }
  if (status === 404) {
    return make('notFound', `${subject} not found (${argoMessage})`);
  }
  if (status === 400 || status === 409 || status === 422) {
    if (/auto-sync is enabled/i.test(argoMessage)) {
      return make(
        'autoSyncEnabled',
        `${subject}: rollback refused while auto-sync is enabled; suspend auto-sync first (${argoMessage})`,
      );
    }
    if (/another operation is already in progress/i.test(argoMessage)) {
      return make(
        'operationInProgress',
        `${subject}: another operation is already running; wait for it or terminate it (${argoMessage})`,
      );
    }
    return make(
      'badRequest',
      `${subject}: request refused (${status}: ${argoMessage})`,
    );
  }
  if (status === 429 || status >= 500) {
    return make(
      'unavailable',
      `Argo CD is unavailable or failing (${status}: ${argoMessage}) for ${request}`,
    );
  }
  return make(
    'unknown',
    `Argo CD answered ${status} (${argoMessage}) for ${request}`,
  );
}
