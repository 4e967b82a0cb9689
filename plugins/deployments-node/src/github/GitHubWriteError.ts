/** Why GitHub refused a read or a write. */
export type GitHubWriteErrorReason =
  | 'notFound' // the repository, branch or file does not exist (or the token cannot see it)
  | 'forbidden' // the token may not write (403), e.g. a protected branch
  | 'conflict' // the file changed between the read and the write, twice in a row
  | 'unauthenticated'
  | 'unavailable' // 429, 5xx or no answer
  | 'badRequest'
  | 'notMergeable' // 405: a pull request that conflicts, is closed, or waits for a review
  | 'notConfigured'; // no integrations.github entry for the host

/** A failed call of {@link GitHubWriter}, with a message a person can act on. */
export class GitHubWriteError extends Error {
  readonly name = 'GitHubWriteError';

  constructor(
    readonly reason: GitHubWriteErrorReason,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }

  /** An Octokit `RequestError` (or a network failure) as a GitHubWriteError. */
  static from(error: unknown, what: string): GitHubWriteError {
    if (error instanceof GitHubWriteError) return error;
    const e = error as {
      status?: number;
      message?: string;
      response?: {
        data?: { message?: string; errors?: Array<{ message?: string }> };
      };
    };
    const status = typeof e?.status === 'number' ? e.status : undefined;
    // A 422's reason is in `errors[].message` ("A pull request already exists ...").
    const details = (e?.response?.data?.errors ?? [])
      .map(d => d?.message)
      .filter(Boolean);
    const upstream = [
      e?.response?.data?.message ?? e?.message ?? String(error),
      ...details,
    ].join(': ');
    const reason = reasonOf(status);
    return new GitHubWriteError(
      reason,
      `GitHub refused to ${what}${status ? ` (${status})` : ''}: ${upstream}`,
      status,
    );
  }
}

function reasonOf(status: number | undefined): GitHubWriteErrorReason {
  if (status === undefined || status === 429 || status >= 500) {
    return 'unavailable';
  }
  switch (status) {
    case 404:
      return 'notFound';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 405:
      return 'notMergeable';
    case 409:
      return 'conflict';
    default:
      return 'badRequest';
  }
}
