import { ChildProcess, execFile, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';

jest.setTimeout(60_000);

const BIN = path.resolve(__dirname, '../bin/platform');

/** The portal's embedded default: the CLI's client as the auth backend knows it. */
const cliClient = (
  yaml.load(
    fs.readFileSync(
      path.resolve(__dirname, '../../../app-config.yaml'),
      'utf8',
    ),
  ) as any
).auth.staticClients.find((c: any) => c.clientId === 'platform-cli');

/**
 * `platform login` against a stand-in of the auth backend's OIDC provider
 * (the endpoints and checks of @backstage/plugin-auth-backend's OidcRouter):
 * the authorization code flow with PKCE as the pre-registered client of
 * app-config.yaml, the "browser" being this test, the login stored where
 * the Backstage CLI's auth module keeps it, so the next command runs with it.
 */
describe('platform login', () => {
  let home: string;
  let server: http.Server;
  let url: string;
  let refuse: string | undefined;
  const sessions = new Map<string, any>();
  const tokenRequests: any[] = [];
  const invocations: Array<{ auth?: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', d => (text += d));
      req.on('end', () => {
        const u = new URL(req.url!, 'http://x');
        const reply = (code: number, json: unknown) => {
          res.writeHead(code, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        if (u.pathname === '/api/auth/v1/authorize') {
          const q = Object.fromEntries(u.searchParams);
          if (refuse) {
            reply(400, { error: { name: 'InputError', message: refuse } });
            return;
          }
          // As the auth backend: a registered client and redirect, PKCE.
          if (
            q.client_id !== cliClient.clientId ||
            !cliClient.redirectUris.includes(q.redirect_uri) ||
            q.code_challenge_method !== 'S256'
          ) {
            reply(400, { error: { name: 'InputError', message: 'bad' } });
            return;
          }
          const id = crypto.randomUUID();
          sessions.set(id, q);
          res.writeHead(302, { location: `${url}/oauth2/authorize/${id}` });
          res.end();
        } else if (u.pathname === '/api/auth/v1/token') {
          const body = JSON.parse(text);
          tokenRequests.push(body);
          const session = sessions.get(body.code);
          const pkce = crypto
            .createHash('sha256')
            .update(body.code_verifier ?? '')
            .digest('base64url');
          if (
            !session ||
            session.client_id !== body.client_id ||
            session.redirect_uri !== body.redirect_uri ||
            session.code_challenge !== pkce
          ) {
            reply(400, { error: 'invalid_grant' });
            return;
          }
          reply(200, {
            access_token: 'lena-token',
            token_type: 'Bearer',
            expires_in: 3600,
            refresh_token: 'lena-refresh',
          });
        } else if (u.pathname.endsWith('/invoke')) {
          invocations.push({ auth: req.headers.authorization });
          reply(200, { output: { entityRef: 'x', environments: [] } });
        } else {
          reply(404, { error: { name: 'NotFoundError', message: u.pathname } });
        }
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-login-test-'));
  });

  afterAll(() => {
    server.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const env = {
    ...process.env,
    XDG_CONFIG_HOME: '',
    XDG_DATA_HOME: '',
    FORCE_COLOR: '0',
  };
  beforeEach(() => {
    env.XDG_CONFIG_HOME = path.join(home, 'config');
    env.XDG_DATA_HOME = path.join(home, 'data');
  });

  function startLogin() {
    const child: ChildProcess = spawn(
      BIN,
      ['login', '--backend-url', url, '--no-browser'],
      { env },
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', d => (stdout += d));
    child.stderr!.on('data', d => (stderr += d));
    const exited = new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>(resolve =>
      child.on('exit', code => resolve({ code: code ?? 1, stdout, stderr })),
    );
    const authorizeUrl = new Promise<string>(resolve => {
      child.stdout!.on('data', () => {
        const m = /Open this URL to continue: (\S+)/.exec(stdout);
        if (m) resolve(m[1]);
      });
    });
    return { exited, authorizeUrl };
  }

  it('signs in through the browser as the pre-registered client and stores the login', async () => {
    const { exited, authorizeUrl } = startLogin();
    // The browser: the authorize URL, the consent page, "Authorize" (the
    // auth backend sends the code to the CLI's loopback redirect).
    const res = await fetch(await authorizeUrl, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const sessionId = res.headers.get('location')!.split('/').pop()!;
    const session = sessions.get(sessionId);
    const callback = new URL(session.redirect_uri);
    callback.search = new URLSearchParams({
      code: sessionId,
      state: session.state,
    }).toString();
    expect(await (await fetch(callback)).text()).toBe(
      'You may now close this window.',
    );

    const result = await exited;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/Login successful\n$/);
    expect(tokenRequests.at(-1)).toMatchObject({
      grant_type: 'authorization_code',
      client_id: 'platform-cli',
      redirect_uri: 'http://127.0.0.1:8055/callback',
    });
    expect(session.scope).toBe('openid offline_access');

    // The next command runs as the user who logged in.
    const status = await new Promise<number>(resolve =>
      execFile(BIN, ['status', 'payments-api'], { env }, error =>
        resolve(error ? Number(error.code) : 0),
      ),
    );
    expect(status).toBe(0);
    expect(invocations.at(-1)).toEqual({ auth: 'Bearer lena-token' });
    const instances = fs.readFileSync(
      path.join(home, 'config', 'backstage-cli', 'auth-instances.yaml'),
      'utf8',
    );
    expect(instances).toContain(`baseUrl: ${url}`);
    expect(instances).toContain('clientId: platform-cli');
  });

  it('says in the terminal why the portal refuses the login, exit 1', async () => {
    refuse = "Invalid client_id 'platform-cli'";
    try {
      const { exited } = startLogin();
      expect(await exited).toEqual({
        code: 1,
        stdout: '',
        stderr: `The portal refused the CLI's login (client 'platform-cli'): Invalid client_id 'platform-cli'\n`,
      });
    } finally {
      refuse = undefined;
    }
  });
});
