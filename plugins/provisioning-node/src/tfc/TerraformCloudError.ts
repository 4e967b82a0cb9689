import { CustomErrorBase } from '@backstage/errors';
import { toBackstageError, UpstreamError } from '@internal/http-transport';
import type { ErrorObject } from '@internal/api-tfc';

const NOT_RETRIED =
  ' (not retried: Terraform Cloud may have acted on the request; read its state before trying again)';

/** Why a Terraform Cloud call failed. */
export type TerraformCloudErrorKind =
  /** Terraform Cloud answered with an error status. */
  | 'http'
  /** No answer within the client's timeout. */
  | 'timeout'
  /** No connection (DNS, refused, reset...). */
  | 'network'
  /** An answer the client cannot use (not JSON, or a configuration version that errored). */
  | 'invalid-response';

/**
 * A failed Terraform Cloud API call. The message names the call (client
 * method and HTTP request), explains the status the way Terraform Cloud means
 * it, and carries the JSON:API error titles and details. It never contains
 * request bodies, variable values, tokens or upload/log URLs.
 */
export class TerraformCloudError extends CustomErrorBase {
  name = 'TerraformCloudError' as const;

  /** Client method and HTTP request, e.g. `getRun (GET /runs/run-1)`. */
  readonly call: string;
  readonly kind: TerraformCloudErrorKind;
  /** HTTP status, when Terraform Cloud answered. */
  readonly status?: number;
  /** The JSON:API `errors` of the answer (empty when it had none). */
  readonly errors: ErrorObject[];
  /** How many times the call was sent. */
  readonly attempts: number;

  private constructor(
    message: string,
    fields: {
      call: string;
      kind: TerraformCloudErrorKind;
      status?: number;
      errors?: ErrorObject[];
      attempts: number;
    },
    cause?: unknown,
  ) {
    super(message, cause);
    this.call = fields.call;
    this.kind = fields.kind;
    this.status = fields.status;
    this.errors = fields.errors ?? [];
    this.attempts = fields.attempts;
  }

  /** An error status from Terraform Cloud (after any retries). */
  static fromResponse(options: {
    call: string;
    status: number;
    errors: ErrorObject[];
    attempts: number;
    /** Set when the call was not retried because Terraform Cloud may have acted on it. */
    notRetried?: boolean;
  }): TerraformCloudError {
    const { call, status, errors, attempts } = options;
    const details = describeErrors(errors);
    const withDetails = (text: string) =>
      details ? `${text}: ${details}` : text;
    let message: string;
    switch (status) {
      case 401:
        message = withDetails(
          `${call}: unauthorized; the Terraform Cloud token is missing, invalid or expired`,
        );
        break;
      case 404:
        message = withDetails(
          `${call}: not found, or the token cannot see it (Terraform Cloud answers 404 for no access)`,
        );
        break;
      case 409:
        message = withDetails(
          `${call}: transition not allowed; the run is not in a state that allows this action (e.g. applying a run that is not waiting for confirmation)`,
        );
        break;
      case 422:
        message = withDetails(`${call}: rejected as invalid`);
        break;
      case 429:
        message = withDetails(
          `${call}: rate limited by Terraform Cloud (HTTP 429) after ${attempts} attempts`,
        );
        break;
      default:
        message = withDetails(
          status >= 500
            ? `${call}: Terraform Cloud answered HTTP ${status} after ${attempts} attempt${
                attempts === 1 ? '' : 's'
              }`
            : `${call}: HTTP ${status}`,
        );
    }
    if (options.notRetried) {
      message += NOT_RETRIED;
    }
    return new TerraformCloudError(message, {
      call,
      kind: 'http',
      status,
      errors,
      attempts,
    });
  }

  /** No answer within `timeoutMs`, on every attempt. */
  static timeout(options: {
    call: string;
    timeoutMs: number;
    attempts: number;
    notRetried?: boolean;
    cause?: unknown;
  }): TerraformCloudError {
    let message = `${options.call}: timed out after ${options.timeoutMs} ms (${
      options.attempts
    } attempt${options.attempts === 1 ? '' : 's'})`;
    if (options.notRetried) {
      message += NOT_RETRIED;
    }
    return new TerraformCloudError(
      message,
      { call: options.call, kind: 'timeout', attempts: options.attempts },
      options.cause,
    );
  }

  /** The request could not be sent, or the connection broke. */
  static network(options: {
    call: string;
    attempts: number;
    notRetried?: boolean;
    cause?: unknown;
  }): TerraformCloudError {
    let message = `${options.call}: could not reach Terraform Cloud (${
      options.attempts
    } attempt${options.attempts === 1 ? '' : 's'})`;
    if (options.notRetried) {
      message += NOT_RETRIED;
    }
    return new TerraformCloudError(
      message,
      { call: options.call, kind: 'network', attempts: options.attempts },
      options.cause,
    );
  }

  /** An answer the client cannot use. */
  static invalidResponse(options: {
    call: string;
    reason: string;
    status?: number;
    errors?: ErrorObject[];
    attempts?: number;
  }): TerraformCloudError {
    return new TerraformCloudError(`${options.call}: ${options.reason}`, {
      call: options.call,
      kind: 'invalid-response',
      status: options.status,
      errors: options.errors,
      attempts: options.attempts ?? 1,
    });
  }
}

/** True for a Terraform Cloud 404 (missing, or invisible to the token). */
export function isTerraformCloudNotFound(error: unknown): boolean {
  return error instanceof TerraformCloudError && error.status === 404;
}

/**
 * The engine's side of the error contract: a Terraform Cloud failure as the
 * @backstage/errors error of its meaning (404 NotFoundError, 409
 * ConflictError, 422 InputError, 429/5xx/timeout/network
 * ServiceUnavailableError...), with the same message, the upstream status in
 * `upstream` and the TerraformCloudError as the cause. Anything else passes
 * through unchanged.
 */
export function toEngineError(error: unknown): unknown {
  if (!(error instanceof TerraformCloudError)) {
    return error;
  }
  const translated: UpstreamError = toBackstageError(error, {
    system: 'Terraform Cloud',
    operation: error.call,
    kind: error.kind === 'http' ? 'status' : error.kind,
    attempts: error.attempts,
    upstreamMessage: describeErrors(error.errors) || undefined,
  });
  return translated;
}

/** "title: detail (pointer)" for each error, joined with "; ". */
function describeErrors(errors: ErrorObject[]): string {
  return errors
    .map(error => {
      const text = [error.title, error.detail]
        .filter((part): part is string => !!part)
        .join(': ');
      const where = error.source?.pointer ?? error.source?.parameter;
      return where ? `${text} (${where})` : text;
    })
    .filter(Boolean)
    .join('; ');
}
