import {
  ConflictError,
  CustomErrorBase,
  isError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { GitHubWriteError } from '@internal/plugin-deployments-node';

/**
 * GitHub refused what the portal asked with its own identity (a token that
 * may not write, a request GitHub calls bad): nothing the user can fix, so
 * 502 rather than GitHub's own 401/403, which would read as the user's.
 */
export class GitHubRefusedError extends CustomErrorBase {
  name = 'GitHubRefusedError' as const;
  statusCode = 502;
}

/**
 * A failure of GitHub (a write through GitHubPullRequests or a read through
 * the URL reader) as the HTTP error the user sees: an outage is a 503, a
 * missing repository a 404, a race a 409, never a 500. The message is
 * GitHub's already (no "caused by" repeating it).
 */
export function asUpstreamError(error: unknown, what?: string): unknown {
  if (error instanceof GitHubWriteError) {
    switch (error.reason) {
      case 'unavailable':
        return new ServiceUnavailableError(error.message);
      case 'notFound':
        return new NotFoundError(error.message);
      case 'conflict':
      case 'notMergeable':
        return new ConflictError(error.message);
      default:
        return new GitHubRefusedError(error.message);
    }
  }
  if (what && isError(error)) {
    // The URL reader: a 404 is a NotFoundError, anything else GitHub's failure.
    if (error.name === 'NotFoundError') {
      return new NotFoundError(`Cannot read ${what}: ${error.message}`);
    }
    return new ServiceUnavailableError(
      `GitHub did not give ${what}: ${error.message}`,
    );
  }
  return error;
}
