/** The token the sandbox's GitHub accepts unless told otherwise. */
export const SANDBOX_GITHUB_TOKEN = 'sandbox-github-token';

/**
 * A caller of the sandbox GitHub's REST API for tests: JSON in, the status
 * and the JSON answer (null when there is none) out. `sandboxUrl` is read at
 * each call, so it may be created before the sandbox starts.
 */
export function githubApi(
  sandboxUrl: () => string,
  token: string = SANDBOX_GITHUB_TOKEN,
) {
  return async (
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${sandboxUrl()}/github/api/v3${path}`, {
      method,
      headers: {
        authorization: `token ${token}`,
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
}
