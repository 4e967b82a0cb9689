import crypto from 'node:crypto';

/**
 * The pieces of `@backstage/cli-module-auth`'s `auth login` that `platform
 * login` shares with it: the loopback callback server (127.0.0.1:8055), the
 * instance file and the token store. Storing the login exactly where the
 * module does is what makes `CliAuth` (token refresh), `platform auth
 * show|logout|print-token` and `platform actions` work after `platform
 * login`. (The module exports only its commands: these are its own files.)
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
const moduleDir = '@backstage/cli-module-auth/dist';
const { startCallbackServer } = require(`${moduleDir}/lib/localServer.cjs.js`);
const storage = require(`${moduleDir}/lib/storage.cjs.js`);
const {
  getSecretStore,
} = require(`${moduleDir}/cli-internal/src/secretStore.cjs.js`);
const {
  getAuthInstanceService,
} = require(`${moduleDir}/cli-internal/src/authIdentifiers.cjs.js`);

/**
 * The CLI's client id on the portal's auth backend: the pre-registered client
 * of `auth.staticClients` (app-config.yaml). The Backstage CLI's own client,
 * the Client ID Metadata Document the auth backend serves, is refused by an
 * auth backend that is not on HTTPS (outside NODE_ENV=development): a
 * pre-registered client works on http://localhost and on HTTPS alike.
 */
export const DEFAULT_CLIENT_ID = 'platform-cli';

export type LoginOptions = {
  backendUrl: string;
  clientId: string;
  instance?: string;
  /** Called with the URL the user opens (the browser is not opened for them). */
  onAuthorizeUrl: (url: string) => void | Promise<void>;
};

const base64url = (b: Buffer) => b.toString('base64url');

/**
 * The authorization code flow with PKCE against the auth backend's OIDC
 * provider, step for step as `backstage-cli auth login`: the browser signs in
 * to the portal (its usual sign-in, the company IdP) and approves the client
 * on the portal's consent page, which sends the code to the loopback server.
 */
export async function login(options: LoginOptions): Promise<{
  instanceName: string;
  refreshToken: boolean;
}> {
  const backendUrl = new URL(options.backendUrl).toString().replace(/\/$/, '');
  const authBaseUrl = `${backendUrl}/api/auth`;
  const instanceName = options.instance ?? new URL(backendUrl).host;

  const verifier = base64url(crypto.randomBytes(64));
  const challenge = base64url(
    crypto.createHash('sha256').update(verifier).digest(),
  );
  const state = crypto.randomBytes(32).toString('hex');
  const callback = await startCallbackServer({ state });
  try {
    const authorize = new URL(`${authBaseUrl}/v1/authorize`);
    authorize.search = new URLSearchParams({
      client_id: options.clientId,
      redirect_uri: callback.url,
      response_type: 'code',
      scope: 'openid offline_access',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    // The auth backend checks the client before any sign-in: say why here
    // rather than on a browser page.
    const check = await fetch(authorize, {
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    const refused = async () => {
      if (check.status >= 400) return errorText(check);
      // An OAuth error goes back to the redirect URI (?error=...).
      const location = check.headers.get('location');
      const sent = location ? new URL(location, authorize) : undefined;
      if (sent?.searchParams.has('error')) {
        return (
          sent.searchParams.get('error_description') ??
          sent.searchParams.get('error')!
        );
      }
      return undefined;
    };
    const reason = await refused();
    if (reason) {
      throw new Error(
        `The portal refused the CLI's login (client '${options.clientId}'): ${reason}`,
      );
    }
    await options.onAuthorizeUrl(authorize.toString());
    const { code, state: returned } = await callback.waitForCode();
    if (returned !== state) throw new Error('State mismatch');

    const res = await fetch(`${authBaseUrl}/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: options.clientId,
        code,
        redirect_uri: callback.url,
        code_verifier: verifier,
      }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) {
      throw new Error(`Login failed: ${await errorText(res)}`);
    }
    const token = await res.json();
    const secrets = await getSecretStore();
    await storage.withMetadataLock(async () => {
      const service = getAuthInstanceService(instanceName);
      await secrets.set(service, 'accessToken', token.access_token);
      if (token.refresh_token) {
        await secrets.set(service, 'refreshToken', token.refresh_token);
      }
      const existing = await storage
        .getInstanceByName(instanceName)
        .catch(() => undefined);
      await storage.upsertInstance({
        name: instanceName,
        baseUrl: backendUrl,
        clientId: options.clientId,
        issuedAt: Date.now(),
        accessTokenExpiresAt: Date.now() + token.expires_in * 1000,
        selected: existing?.selected,
        metadata: existing?.metadata,
      });
    });
    // The instance just logged in to is the one the commands use.
    await storage.setSelectedInstance(instanceName);
    return { instanceName, refreshToken: Boolean(token.refresh_token) };
  } finally {
    await callback.close();
  }
}

/** The OAuth error of a response (`error_description`), or its status. */
async function errorText(res: Response): Promise<string> {
  const text = await res.text();
  try {
    const body = JSON.parse(text);
    return (
      body.error_description ??
      body.error?.message ??
      body.error ??
      `${res.status}`
    );
  } catch {
    return `${res.status} ${res.statusText}`;
  }
}
