import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

jest.setTimeout(60_000);

const BIN = path.resolve(__dirname, '../bin/platform');
const DENIED =
  'You may not rollback component:default/payments-api in prod: production actions (deployments.rollback.production) are limited to the production groups.';

const PROMOTE_DENIED =
  'You may not promote component:default/payments-api to prod: production promotions (deployments.release.promote.production) are limited to the production groups.';
const promoted = {
  entityRef: 'component:default/payments-api',
  from: 'dev',
  to: 'staging',
  committed: true,
  imageTag: '1.5.0',
  message:
    'Promoted 1.5.0 from dev to staging: commit abc1234 on acme/payments-api; Argo CD rolls it out.',
};

/**
 * The binary against a stand-in of the portal's actions API, logged in the
 * way `platform login` leaves it (the Backstage CLI's instance file and
 * token store, in temporary XDG directories).
 */
describe('platform', () => {
  let home: string;
  let server: http.Server;
  const calls: Array<{ url: string; auth?: string; body: any }> = [];

  const status = {
    entityRef: 'component:default/payments-api',
    environments: [
      {
        environment: 'prod',
        state: 'deployed',
        revision: 'abcdef1234567',
        imageTag: '1.4.0',
        sync: 'Synced',
        health: 'Healthy',
        autoSync: true,
        // Newest first, as the deployments backend answers.
        history: [
          { id: 4, revision: 'abcdef1234567', current: true },
          { id: 3, revision: '1111111aaaa', current: false },
        ],
      },
    ],
  };

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let text = '';
      req.on('data', d => (text += d));
      req.on('end', () => {
        const body = JSON.parse(text || '{}');
        calls.push({ url: req.url!, auth: req.headers.authorization, body });
        const reply = (code: number, json: unknown) => {
          res.writeHead(code, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        };
        if (req.url!.endsWith('/deployments%3Aget-status/invoke')) {
          reply(200, { output: status });
        } else if (req.url!.endsWith('/deployments%3Arollback/invoke')) {
          reply(403, { error: { name: 'NotAllowedError', message: DENIED } });
        } else if (req.url!.endsWith('/catalog%3Aget-catalog-entity/invoke')) {
          reply(200, {
            output: {
              spec: {
                parameters: [
                  {
                    properties: {
                      name: { type: 'string' },
                      database: { type: 'string', default: 'none' },
                    },
                  },
                ],
              },
            },
          });
        } else if (req.url!.endsWith('/scaffolder%3Aexecute-template/invoke')) {
          reply(200, { output: { taskId: 'task-1' } });
        } else if (
          req.url!.endsWith('/scaffolder%3Aget-scaffolder-task-logs/invoke')
        ) {
          // The scaffolder's events, its logger's colours in the messages.
          reply(200, {
            output: {
              events: [
                {
                  id: 1,
                  type: 'log',
                  body: {
                    stepId: 'publish',
                    message: '\u001b[32minfo\u001b[39m: Pushing directory',
                  },
                },
                {
                  id: 2,
                  type: 'completion',
                  body: { message: 'Run completed with status: completed' },
                },
              ],
            },
          });
        } else if (req.url!.endsWith('/deployments%3Amerge-promotion/invoke')) {
          reply(200, {
            output: { message: 'Merged #7: 1.2.0 from staging to prod' },
          });
        } else if (req.url!.endsWith('/deployments%3Apromote-release/invoke')) {
          if (body.environment === 'prod') {
            reply(403, {
              error: { name: 'NotAllowedError', message: PROMOTE_DENIED },
            });
          } else {
            reply(200, { output: promoted });
          }
        } else {
          reply(404, { error: { name: 'NotFoundError', message: 'no' } });
        }
      });
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    home = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cli-test-'));
    const config = path.join(home, 'config', 'backstage-cli');
    fs.mkdirSync(config, { recursive: true });
    fs.writeFileSync(
      path.join(config, 'auth-instances.yaml'),
      [
        'instances:',
        '- name: portal',
        `  baseUrl: ${url}`,
        `  clientId: ${url}/api/auth/.well-known/oauth-client/cli.json`,
        `  issuedAt: ${Date.now()}`,
        `  accessTokenExpiresAt: ${Date.now() + 3_600_000}`,
        '  selected: true',
        '',
      ].join('\n'),
    );
    const secrets = path.join(
      home,
      'data',
      'backstage-cli',
      'auth-secrets',
      encodeURIComponent('backstage-cli:auth-instance:portal'),
    );
    fs.mkdirSync(secrets, { recursive: true });
    fs.writeFileSync(path.join(secrets, 'accessToken.secret'), 'user-token');
  });

  afterAll(() => {
    server.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  const platform = (...args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>(resolve =>
      execFile(
        BIN,
        args,
        {
          env: {
            ...process.env,
            XDG_CONFIG_HOME: path.join(home, 'config'),
            XDG_DATA_HOME: path.join(home, 'data'),
            FORCE_COLOR: '0',
          },
        },
        (error, stdout, stderr) =>
          resolve({
            code: error ? Number(error.code) : 0,
            stdout,
            stderr,
          }),
      ),
    );

  it('shows a status as a table, or JSON, with the stored token', async () => {
    const human = await platform('status', 'payments-api', '--env', 'prod');
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('component:default/payments-api');
    expect(human.stdout).toMatch(
      /prod\s+abcdef1\s+1\.4\.0\s+Synced\s+Healthy\s+on/,
    );
    expect(human.stdout).toMatch(/\n4\s+abcdef1\s.*current\n3\s+1111111\s/);
    expect(calls[0]).toEqual({
      url: '/api/deployments/.backstage/actions/v1/actions/deployments%3Aget-status/invoke',
      auth: 'Bearer user-token',
      body: { entity: 'payments-api', environment: 'prod' },
    });
    const json = await platform('status', 'payments-api', '--json');
    expect(JSON.parse(json.stdout)).toEqual(status);
  });

  it('resolves --to from a revision and prints a refusal word for word, exit 1', async () => {
    calls.length = 0;
    const res = await platform(
      'rollback',
      'payments-api',
      '--env',
      'prod',
      '--to',
      '1111111',
      '--reason',
      'bad release',
    );
    expect(res).toEqual({ code: 1, stdout: '', stderr: `${DENIED}\n` });
    expect(calls.map(c => c.body)).toEqual([
      { entity: 'payments-api', environment: 'prod' },
      {
        entity: 'payments-api',
        environment: 'prod',
        historyId: 3,
        reason: 'bad release',
      },
    ]);
    const unknown = await platform(
      'rollback',
      'payments-api',
      '--env',
      'prod',
      '--to',
      'fffffff',
      '--reason',
      'x',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^Revision fffffff is not in the deployment history/,
    );
  });

  it('exits 2 on a usage mistake, before calling anything', async () => {
    calls.length = 0;
    const missing = await platform('rollback', 'payments-api', '--env', 'dev');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: --to is required');
    expect(missing.stderr).toContain('usage: platform rollback <service>');
    const unknown = await platform('status', 'payments-api', '--envv', 'dev');
    expect(unknown.code).toBe(2);
    const extra = await platform('runs');
    expect(extra.code).toBe(2);
    expect(calls).toEqual([]);
  });

  it('says to log in when there is no instance', async () => {
    const res = await new Promise<{ code: number; stderr: string }>(resolve =>
      execFile(
        BIN,
        ['runs', 'payments-api'],
        {
          env: {
            ...process.env,
            XDG_CONFIG_HOME: path.join(home, 'nothing'),
            XDG_DATA_HOME: path.join(home, 'nothing'),
            FORCE_COLOR: '0',
          },
        },
        (error, _stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stderr }),
      ),
    );
    expect(res).toEqual({
      code: 1,
      stderr: 'Not logged in: run `platform login` first.\n',
    });
  });

  it('promotes to the next environment with deployments:promote-release; a refusal is exit 1', async () => {
    calls.length = 0;
    const ok = await platform(
      'promote',
      'payments-api',
      '--to',
      'staging',
      '--reason',
      'checked in dev',
    );
    expect(ok).toEqual({
      code: 0,
      stdout: `${promoted.message}\n`,
      stderr: '',
    });
    expect(calls).toEqual([
      {
        url: '/api/deployments/.backstage/actions/v1/actions/deployments%3Apromote-release/invoke',
        auth: 'Bearer user-token',
        body: {
          entity: 'payments-api',
          environment: 'staging',
          reason: 'checked in dev',
        },
      },
    ]);
    const json = await platform(
      'promote',
      'payments-api',
      '--to',
      'staging',
      '--reason',
      'again',
      '--json',
    );
    expect(JSON.parse(json.stdout)).toEqual(promoted);
    const denied = await platform(
      'promote',
      'payments-api',
      '--to',
      'prod',
      '--reason',
      'ship it',
    );
    expect(denied).toEqual({
      code: 1,
      stdout: '',
      stderr: `${PROMOTE_DENIED}\n`,
    });
  });

  it('merges the open promotion pull request with --merge (deployments:merge-promotion)', async () => {
    calls.length = 0;
    const merged = await platform(
      'promote',
      'payments-api',
      '--to',
      'prod',
      '--merge',
      '--reason',
      'release train',
    );
    expect(merged).toEqual({
      code: 0,
      stdout: 'Merged #7: 1.2.0 from staging to prod\n',
      stderr: '',
    });
    expect(calls).toEqual([
      {
        url: '/api/deployments/.backstage/actions/v1/actions/deployments%3Amerge-promotion/invoke',
        auth: 'Bearer user-token',
        body: {
          entity: 'payments-api',
          environment: 'prod',
          reason: 'release train',
        },
      },
    ]);
    const misplaced = await platform(
      'promote',
      'payments-api',
      '--env',
      'dev',
      '--merge',
    );
    expect(misplaced.code).toBe(2);
  });

  it('exits 2 on a promote without a target or a reason, before calling anything', async () => {
    calls.length = 0;
    const none = await platform('promote', 'payments-api');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('error: give --to <environment>');
    const both = await platform(
      'promote',
      'payments-api',
      '--to',
      'staging',
      '--env',
      'dev',
    );
    expect(both.code).toBe(2);
    const reasonless = await platform(
      'promote',
      'payments-api',
      '--to',
      'staging',
    );
    expect(reasonless.code).toBe(2);
    expect(reasonless.stderr).toContain('error: --reason is required');
    expect(calls).toEqual([]);
  });

  it('creates a service from the template and follows its log to the end', async () => {
    calls.length = 0;
    const res = await platform(
      'create',
      'orders',
      '--owner',
      'payments',
      '--system',
      'payments',
    );
    expect(res).toEqual({
      code: 0,
      stdout:
        'Task task-1\n[publish] info: Pushing directory\nRun completed with status: completed\nCreated orders: platform status orders\n',
      stderr: '',
    });
    expect(calls[1].body).toEqual({
      templateRef: 'template:default/microservice',
      values: expect.objectContaining({
        name: 'orders',
        owner: 'group:default/payments',
        system: 'system:default/payments',
        database: 'none',
      }),
    });
  });
});
