import { CliAuth } from '@backstage/cli-node';

/** The plugins whose actions the CLI runs (also stored for `platform actions`). */
export const PLUGIN_SOURCES = [
  'deployments',
  'provisioning',
  'observability',
  'catalog',
  'scaffolder',
];

/** A refusal or failure as the portal answered it: its message is the UI's. */
export class ActionFailed extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ActionFailed';
  }
}

/**
 * Runs an action of the portal's actions registry as the logged-in user:
 * the HTTP API `backstage-cli actions execute` (@backstage/cli-module-actions)
 * calls, with the token `platform login` (@backstage/cli-module-auth) stored,
 * refreshed by CliAuth when it expires.
 */
export async function invokeAction<T = any>(
  id: string,
  input: Record<string, unknown>,
): Promise<T> {
  const auth = await CliAuth.create({
    instanceName: process.env.PLATFORM_INSTANCE,
  }).catch(() => {
    throw new ActionFailed(
      'AuthenticationError',
      'Not logged in: run `platform login` first.',
      401,
    );
  });
  const pluginId = id.slice(0, id.indexOf(':'));
  const url = new URL(
    `/api/${encodeURIComponent(
      pluginId,
    )}/.backstage/actions/v1/actions/${encodeURIComponent(id)}/invoke`,
    auth.getBaseUrl(),
  );
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await auth.getAccessToken()}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify(input),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ActionFailed(
      'Error',
      `${res.status} ${res.statusText}: ${text.slice(0, 200)}`,
      res.status,
    );
  }
  if (!res.ok) {
    throw new ActionFailed(
      body?.error?.name ?? 'Error',
      body?.error?.message ?? `${res.status} ${res.statusText}`,
      res.status,
    );
  }
  return body.output as T;
}
