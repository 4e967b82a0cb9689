import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { BaseClient, generators, Issuer } from 'openid-client';

/**
 * End-to-end check of the identity simulator with a maintained relying-party
 * library (openid-client, as used by Backstage's OIDC module).
 *
 * The sandbox runs in a child process: oidc-provider is an ES module that
 * Node 22 can require() but jest's module system cannot load.
 */

// Nothing listens here: the flow stops at the redirect URI.
const PORTAL_URL = 'http://localhost:17999';
const REDIRECT_URI = `${PORTAL_URL}/api/auth/oidc/handler/frame`;
const SCOPE = 'openid profile email groups offline_access';
const SANDBOX_BIN = path.resolve(__dirname, '../../../bin/sandbox');

/** Runs `bin/sandbox` on a free port; resolves with its URL once it listens. */
function startSandboxProcess(child: ChildProcess): Promise<string> {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/sandbox listening on (http:\/\/\S+)/);
      if (match) {
        child.stdout!.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', chunk => {
      output += chunk.toString();
    });
    child.once('exit', code =>
      reject(
        new Error(`sandbox exited with ${code} before listening:\n${output}`),
      ),
    );
  });
}

async function stopSandboxProcess(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** The cookies of one browser, honouring each cookie's path. */
class CookieJar {
  private readonly cookies = new Map<
    string,
    { name: string; value: string; path: string }
  >();

  store(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map(part => part.trim());
      const [name, ...value] = pair.split('=');
      const attribute = (key: string) =>
        attributes
          .find(a => a.toLowerCase().startsWith(`${key}=`))
          ?.slice(key.length + 1);
      const cookiePath = attribute('path') ?? '/';
      const expires = attribute('expires');
      const key = `${name} ${cookiePath}`;
      if (expires && Date.parse(expires) <= Date.now()) {
        this.cookies.delete(key);
      } else {
        this.cookies.set(key, {
          name,
          value: value.join('='),
          path: cookiePath,
        });
      }
    }
  }

  header(url: string): string {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter(
        c =>
          pathname === c.path ||
          pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
      )
      .map(c => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** A browser that does not follow redirects on its own. */
class Browser {
  readonly jar = new CookieJar();

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ) {
    const response = await fetch(url, {
      method: init.method ?? 'GET',
      redirect: 'manual',
      headers: { cookie: this.jar.header(url) },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    this.jar.store(response);
    return response;
  }

  /** Follows redirects from `response` until one leads to the portal. */
  async followToPortal(response: Response, from: string): Promise<string> {
    let current = response;
    let currentUrl = from;
    for (let hop = 0; hop < 10; hop++) {
      if (current.status !== 302 && current.status !== 303) {
        throw new Error(
          `expected a redirect from ${currentUrl}, got ${current.status}`,
        );
      }
      const next = new URL(
        current.headers.get('location')!,
        currentUrl,
      ).toString();
      if (next.startsWith(REDIRECT_URI)) {
        return next;
      }
      currentUrl = next;
      current = await this.request(next);
    }
    throw new Error(`too many redirects, last ${currentUrl}`);
  }
}

describe('identity simulator (OpenID Connect provider)', () => {
  let child: ChildProcess | undefined;
  let sandboxUrl: string;
  let issuer: Issuer<BaseClient>;
  let client: BaseClient;

  beforeAll(async () => {
    child = spawn(process.execPath, [SANDBOX_BIN, '--port', '0'], {
      env: { ...process.env, PORTAL_URL },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sandboxUrl = await startSandboxProcess(child);
    issuer = await Issuer.discover(
      `${sandboxUrl}/oidc/.well-known/openid-configuration`,
    );
    client = new issuer.Client({
      client_id: 'backstage',
      client_secret: 'sandbox-oidc-secret',
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
    });
  }, 60_000);

  afterAll(() => stopSandboxProcess(child));

  /** Starts a sign-in like the portal does; returns what the callback needs. */
  function authorizationRequest(scope = SCOPE) {
    const checks = {
      code_verifier: generators.codeVerifier(),
      state: generators.state(),
      nonce: generators.nonce(),
    };
    const url = client.authorizationUrl({
      scope,
      code_challenge: generators.codeChallenge(checks.code_verifier),
      code_challenge_method: 'S256',
      state: checks.state,
      nonce: checks.nonce,
    });
    return { url, checks };
  }

  /** Opens the authorization URL and returns the sign-in form's URL. */
  async function openLoginForm(browser: Browser, authorizationUrl: string) {
    const response = await browser.request(authorizationUrl);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/oidc\/interaction\/[\w-]+$/);
    return new URL(location, authorizationUrl).toString();
  }

  async function formAction(browser: Browser, loginFormUrl: string) {
    const html = await (await browser.request(loginFormUrl)).text();
    const action = html.match(/<form method="post" action="([^"]+)"/)?.[1];
    expect(action).toBeDefined();
    return new URL(action!, loginFormUrl).toString();
  }

  async function signIn(login: string, password = 'sandbox', scope = SCOPE) {
    const browser = new Browser();
    const { url, checks } = authorizationRequest(scope);
    const action = await formAction(browser, await openLoginForm(browser, url));
    const response = await browser.request(action, {
      method: 'POST',
      form: { login, password },
    });
    return { browser, checks, response, action };
  }

  it('publishes its metadata under /oidc', () => {
    expect(issuer.metadata).toMatchObject({
      issuer: `${sandboxUrl}/oidc`,
      authorization_endpoint: `${sandboxUrl}/oidc/auth`,
      token_endpoint: `${sandboxUrl}/oidc/token`,
      userinfo_endpoint: `${sandboxUrl}/oidc/me`,
    });
    expect(issuer.metadata.scopes_supported).toEqual(
      expect.arrayContaining([
        'openid',
        'email',
        'profile',
        'groups',
        'offline_access',
      ]),
    );
  });

  it('signs in a sample user with the authorization-code flow', async () => {
    const browser = new Browser();
    const { url, checks } = authorizationRequest();

    // The authorization request sends the browser to our sign-in form.
    const loginFormUrl = await openLoginForm(browser, url);
    const form = await browser.request(loginFormUrl);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain(
      'Sign in to continue to <strong>Developer Portal</strong>',
    );
    for (const user of ['priya.sharma', 'lena.fischer', 'noah.williams']) {
      expect(html).toContain(`<code>${user}</code>`);
    }
    const action = new URL(
      html.match(/<form method="post" action="([^"]+)"/)![1],
      loginFormUrl,
    ).toString();

    // A wrong password shows the form again with an error.
    const wrong = await browser.request(action, {
      method: 'POST',
      form: { login: 'lena.fischer', password: 'not-the-password' },
    });
    expect(wrong.status).toBe(401);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('Unknown user or wrong password.');
    expect(wrongHtml).toContain('value="lena.fischer"');

    // The right password sends the browser back to the portal with a code.
    const signedIn = await browser.request(action, {
      method: 'POST',
      form: { login: 'lena.fischer', password: 'sandbox' },
    });
    const callbackUrl = await browser.followToPortal(signedIn, action);
    const params = client.callbackParams(callbackUrl);
    expect(params.code).toEqual(expect.any(String));
    expect(params.state).toBe(checks.state);

    // The portal exchanges the code; openid-client verifies the ID token.
    const tokens = await client.callback(REDIRECT_URI, params, checks);
    expect(tokens.claims()).toMatchObject({
      iss: `${sandboxUrl}/oidc`,
      aud: 'backstage',
      sub: 'lena.fischer',
      email: 'lena.fischer@acme.example',
      nonce: checks.nonce,
    });

    const userinfo = await client.userinfo(tokens.access_token!);
    expect(userinfo).toEqual({
      sub: 'lena.fischer',
      email: 'lena.fischer@acme.example',
      email_verified: true,
      name: 'Lena Fischer',
      given_name: 'Lena',
      family_name: 'Fischer',
      preferred_username: 'lena.fischer',
      groups: ['group:default/payments'],
    });

    // A refresh token restores the session, e.g. after a page reload.
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const refreshed = await client.refresh(tokens.refresh_token!);
    expect(refreshed.access_token).toEqual(expect.any(String));
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(refreshed.claims()).toMatchObject({
      sub: 'lena.fischer',
      email: 'lena.fischer@acme.example',
    });
    expect(await client.userinfo(refreshed.access_token!)).toMatchObject({
      sub: 'lena.fischer',
    });
  });

  it("gives the portal's sign-in what it needs for the portal's scopes", async () => {
    // Backstage's OIDC module asks for these (openid profile email, plus
    // offline_access from app-config) and trusts userinfo's verified e-mail.
    const { browser, checks, response, action } = await signIn(
      'priya.sharma',
      'sandbox',
      'openid profile email offline_access',
    );
    const callbackUrl = await browser.followToPortal(response, action);
    const tokens = await client.callback(
      REDIRECT_URI,
      client.callbackParams(callbackUrl),
      checks,
    );

    expect(tokens.refresh_token).toEqual(expect.any(String));
    const userinfo = await client.userinfo(tokens.access_token!);
    expect(userinfo).toMatchObject({
      sub: 'priya.sharma',
      email: 'priya.sharma@acme.example',
      email_verified: true,
      name: 'Priya Sharma',
    });
    // Groups were not asked for.
    expect(userinfo.groups).toBeUndefined();
  });

  it('signs in by e-mail address, case-insensitively, as the catalog user', async () => {
    const { browser, checks, response, action } = await signIn(
      'Sara.Kim@ACME.example',
    );

    const callbackUrl = await browser.followToPortal(response, action);
    const tokens = await client.callback(
      REDIRECT_URI,
      client.callbackParams(callbackUrl),
      checks,
    );

    expect(tokens.claims()).toMatchObject({
      sub: 'sara.kim',
      email: 'sara.kim@acme.example',
    });
  });

  it.each([
    ['an unknown user', 'mallory'],
    ['an unknown e-mail address', 'mallory@acme.example'],
    ['a group', 'payments@acme.example'],
  ])('refuses %s, even with the sandbox password', async (_what, login) => {
    const { response } = await signIn(login);

    expect(response.status).toBe(401);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('Unknown user or wrong password.');
  });

  it('refuses a redirect URI that is not the portal', async () => {
    const url = new URL(authorizationRequest().url);
    url.searchParams.set('redirect_uri', 'http://evil.example/callback');

    const response = await new Browser().request(url.toString());

    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });

  it('refuses a wrong client secret at the token endpoint', async () => {
    const { browser, checks, response, action } = await signIn('tom.becker');
    const callbackUrl = await browser.followToPortal(response, action);
    const impostor = new issuer.Client({
      client_id: 'backstage',
      client_secret: 'wrong-secret',
      redirect_uris: [REDIRECT_URI],
      response_types: ['code'],
    });

    await expect(
      impostor.callback(
        REDIRECT_URI,
        impostor.callbackParams(callbackUrl),
        checks,
      ),
    ).rejects.toThrow(/invalid_client/);
  });

  it('keeps a signed-in session, which /admin/reset forgets', async () => {
    const { browser, response, action } = await signIn('noah.williams');
    await browser.followToPortal(response, action);

    // Signed in: the next authorization request returns straight to the portal.
    const again = authorizationRequest();
    const silent = await browser.request(again.url);
    const callbackUrl = await browser.followToPortal(silent, again.url);
    const tokens = await client.callback(
      REDIRECT_URI,
      client.callbackParams(callbackUrl),
      again.checks,
    );
    expect(tokens.claims().sub).toBe('noah.williams');

    const reset = await fetch(`${sandboxUrl}/admin/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);

    // After the reset the same browser has to sign in again.
    await openLoginForm(browser, authorizationRequest().url);
  });
});
