import { expect, Page, test } from '@playwright/test';
import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signIn } from './support/signIn';

/**
 * The `platform` binary (packages/cli, on PATH after `yarn install`)
 * against the running stack: `platform login` through the browser (the
 * portal's sign-in with the sandbox IdP, then its consent page approving the
 * "Platform CLI" client), then status, a rollback in dev, a refused rollback
 * and a refused promotion in prod, a usage error, and a service created from
 * the portal template.
 */
const PLATFORM = path.resolve(__dirname, '../node_modules/.bin/platform');
const SANDBOX = 'http://localhost:7010';

test.describe.configure({ mode: 'serial' });

let home: string;
const transcript: string[] = [];
test.beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cli-e2e-'));
});
test.afterAll(() => {
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync('test-results', { recursive: true });
  fs.writeFileSync(
    'test-results/platform-cli-session.txt',
    `${transcript.join('\n')}\n`,
  );
});

/** Where the CLI keeps its instances and tokens: a fresh one per run. */
const env = () => ({
  ...process.env,
  XDG_CONFIG_HOME: path.join(home, 'config'),
  XDG_DATA_HOME: path.join(home, 'data'),
  FORCE_COLOR: '0',
});

function platform(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const done = (result: { code: number; stdout: string; stderr: string }) => {
      // The session as a person sees it (README's "Platform CLI").
      transcript.push(
        `$ platform ${args.map(a => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}`,
        ...[result.stdout, result.stderr].filter(Boolean).map(t => t.trimEnd()),
        ...(result.code ? [`(exit ${result.code})`] : []),
      );
      resolve(result);
    };
    execFile(
      PLATFORM,
      args,
      { env: env(), timeout: 150_000 },
      (error, stdout, stderr) =>
        done({
          code: error ? (typeof error.code === 'number' ? error.code : 1) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

/** `platform login`: the URL it prints is opened in the signed-in browser. */
async function login(page: Page) {
  const child: ChildProcess = spawn(
    PLATFORM,
    ['login', '--backend-url', 'http://localhost:7007', '--no-browser'],
    { env: env() },
  );
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', d => (stderr += d));
  const exited = new Promise<number>(resolve =>
    child.on('exit', code => resolve(code ?? 1)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', d => {
      stdout += d;
      const match = /Open this URL to continue: (\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on('exit', () =>
      reject(new Error(`login exited: ${stdout}${stderr}`)),
    );
  });
  await page.goto(url);
  // The portal's consent page names the client the auth backend knows.
  await expect(page.getByText('Platform CLI', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Authorize' }).click();
  // Approved, the browser goes on to the CLI's loopback server.
  await expect(page.getByText('You may now close this window.')).toBeVisible();
  expect(await exited, stderr).toBe(0);
  expect(stdout).toContain('Login successful');
  expect(stderr).toBe(''); // no "No refresh token received" warning
  transcript.push(
    '$ platform login --backend-url http://localhost:7007 --no-browser',
    stdout.trimEnd(),
  );
}

test('platform: login as a sample user, status, rollback in dev, refused in prod', async ({
  page,
}) => {
  // In payments (payments-api, fraud-detector); not in a production group.
  await signIn(page, 'lena.fischer');
  await login(page);

  // The access token has expired: the CLI refreshes it with the refresh
  // token (auth.experimentalRefreshToken) instead of asking for a login.
  const instances = path.join(
    home,
    'config',
    'backstage-cli',
    'auth-instances.yaml',
  );
  const expired = fs
    .readFileSync(instances, 'utf8')
    .replace(/accessTokenExpiresAt: \d+/, 'accessTokenExpiresAt: 0');
  expect(expired).toContain('accessTokenExpiresAt: 0');
  fs.writeFileSync(instances, expired);
  const human = await platform('status', 'payments-api');
  expect(human.code, human.stderr).toBe(0);
  expect(fs.readFileSync(instances, 'utf8')).not.toContain(
    'accessTokenExpiresAt: 0',
  );
  expect(human.stdout).toMatch(
    /^component:default\/payments-api\nENV\s+REVISION/,
  );
  expect(human.stdout).toMatch(/\nprod\s+[0-9a-f]{7}\s/);

  // A second release of fraud-detector (lena's team's; no other spec acts on
  // it in dev) gives its dev history an entry to roll back to.
  const release = await page.request.post(
    `${SANDBOX}/argocd/_sandbox/release`,
    { data: { service: 'fraud-detector', environment: 'dev', bad: false } },
  );
  expect(release.ok(), await release.text()).toBeTruthy();
  let previous: any;
  await expect(async () => {
    await page.request.post(`${SANDBOX}/argocd/_sandbox/tick`, {
      data: { ticks: 5 },
    });
    const res = await platform(
      'status',
      'fraud-detector',
      '--env',
      'dev',
      '--json',
    );
    expect(res.code, res.stderr).toBe(0);
    const dev = JSON.parse(res.stdout).environments[0];
    expect(dev).toMatchObject({
      environment: 'dev',
      application: 'fraud-detector-dev',
      health: 'Healthy',
      operationRunning: false,
    });
    previous = dev.history.find((h: any) => !h.current);
    expect(previous).toBeDefined();
  }).toPass({ timeout: 60_000 });

  const history = await platform('status', 'fraud-detector', '--env', 'dev');
  expect(history.stdout).toMatch(/\nHistory\nID\s+REVISION\s+DEPLOYED\s+BY/);

  const rollback = await platform(
    'rollback',
    'fraud-detector',
    '--env',
    'dev',
    '--to',
    previous.revision.slice(0, 7),
    '--reason',
    'e2e: rollback from the CLI',
  );
  expect(rollback.code, rollback.stderr).toBe(0);
  expect(rollback.stdout).toMatch(
    /^Rolling back fraud-detector-dev to [0-9a-f]{7} .*auto-sync suspended/,
  );

  const prodStatus = JSON.parse(
    (await platform('status', 'payments-api', '--env', 'prod', '--json'))
      .stdout,
  ).environments[0];
  // The refusal comes before any check of the entry: any id will do.
  const prodEntry =
    prodStatus.history.find((h: any) => !h.current) ?? prodStatus.history[0];
  const refused = await platform(
    'rollback',
    'payments-api',
    '--env',
    'prod',
    '--to',
    String(prodEntry.id),
    '--reason',
    'e2e: not allowed',
  );
  expect(refused.code).toBe(1);
  expect(refused.stderr.trim()).toBe(
    'You may not rollback component:default/payments-api in prod: production actions (deployments.rollback.production) are limited to the production groups.',
  );

  // Production goes by pull request: merging it is for the production
  // groups, as the lane's Merge button.
  const promote = await platform(
    'promote',
    'payments-api',
    '--to',
    'prod',
    '--merge',
    '--reason',
    'e2e: not allowed either',
  );
  expect(promote.code).toBe(1);
  expect(promote.stderr.trim()).toBe(
    'You may not merge the promotion of component:default/payments-api to prod: merging needs deployments.release.promote.production, which group:default/sre hold. Waiting for them.',
  );

  const usage = await platform('rollback', 'payments-api', '--env', 'dev');
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('--to is required');

  const runs = await platform('runs', 'payments-api', '--json');
  expect(runs.code, runs.stderr).toBe(0);
  expect(JSON.parse(runs.stdout).entityRef).toBe(
    'component:default/payments-api',
  );
});

test('platform create: runs the portal template and follows its log', async () => {
  test.setTimeout(240_000);
  const name = `cli-e2e-${Date.now().toString(36)}`;
  const created = await platform(
    'create',
    name,
    '--owner',
    'payments',
    '--system',
    'payments',
    '--description',
    'Created by the Platform CLI end-to-end test',
    '--environments',
    'dev',
  );
  expect(created.code, created.stderr).toBe(0);
  expect(created.stdout).toMatch(/^Task \S+\n/);
  expect(created.stdout).toContain(`Created ${name}`);

  // Its status as soon as the catalog has it (the template registers it).
  await expect
    .poll(
      async () => {
        const res = await platform('status', name, '--json');
        return res.code === 0 ? JSON.parse(res.stdout).entityRef : res.stderr;
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(`component:default/${name}`);
  const shown = await platform('status', name);
  expect(shown.stdout).toMatch(new RegExp(`^component:default/${name}\n`));
});
