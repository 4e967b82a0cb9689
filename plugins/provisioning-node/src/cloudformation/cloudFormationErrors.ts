import {
  AuthenticationError,
  ConflictError,
  ForwardedError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

const AUTHENTICATION = new Set([
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'ExpiredToken',
  'UnrecognizedClientException',
  'CredentialsProviderError',
]);

const NOT_ALLOWED = new Set(['AccessDenied', 'AccessDeniedException']);

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

interface AwsLikeError {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/** True for CloudFormation's "Stack with id X does not exist". */
export function isStackMissing(error: unknown): boolean {
  const e = error as AwsLikeError;
  return (
    e?.name === 'ValidationError' && /does not exist/.test(e.message ?? '')
  );
}

export function isErrorNamed(error: unknown, name: string): boolean {
  return (error as AwsLikeError)?.name === name;
}

/**
 * Turns an AWS SDK error into the Backstage error that says what happened
 * in words a portal user can act on (the router maps these to 400, 401,
 * 403, 404, 409 and 503). The AWS error code stays in the message, and the
 * original error is the cause.
 */
export function toProvisioningError(error: unknown, what: string): Error {
  const e = error as AwsLikeError;
  const code = e?.name ?? 'Error';
  const detail = `${what}: ${e?.message ?? String(error)} (${code})`;
  if (isStackMissing(error) || code === 'ChangeSetNotFoundException') {
    return new NotFoundError(detail, error);
  }
  if (
    code === 'InvalidChangeSetStatusException' ||
    code === 'AlreadyExistsException' ||
    code === 'TokenAlreadyExistsException' ||
    code === 'OperationInProgressException'
  ) {
    return new ConflictError(detail, error);
  }
  if (code === 'ValidationError') {
    return new InputError(`CloudFormation refused it; ${detail}`, error);
  }
  if (code === 'InsufficientCapabilitiesException') {
    return new ForwardedError(
      `${what}: the template needs capabilities the engine did not acknowledge: ${e.message}`,
      error,
    );
  }
  if (AUTHENTICATION.has(code)) {
    return new AuthenticationError(
      `${what}: AWS rejected the provisioning credentials (${code}): ${e.message}`,
      error,
    );
  }
  if (NOT_ALLOWED.has(code)) {
    return new NotAllowedError(
      `${what}: the provisioning credentials may not do this (${code}): ${e.message}`,
      error,
    );
  }
  if (
    THROTTLING.has(code) ||
    e?.$fault === 'server' ||
    (e?.$metadata?.httpStatusCode ?? 0) >= 500 ||
    // No HTTP status: the request never got an answer (refused, timed out).
    e?.$metadata?.httpStatusCode === undefined
  ) {
    // The SDK already retried these (with back-off) before giving up.
    return new ServiceUnavailableError(
      `${what}: CloudFormation is unreachable, failing or throttling after retries: ${
        e?.message ?? String(error)
      } (${code})`,
      error,
    );
  }
  return new ForwardedError(detail, error);
}
