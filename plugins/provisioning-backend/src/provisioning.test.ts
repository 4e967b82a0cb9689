import fs from 'node:fs';
import { join } from 'node:path';
import { Sandbox, startSandbox, tfcSimulator } from '@internal/sandbox';
import { TestDatabases } from '@internal/test-databases';
import type {
  EngineRunRef,
  ProvisioningEngine,
} from '@internal/plugin-provisioning-node';
import {
  INFRA,
  Instance,
  followUntil,
  sandboxEngine,
  startInstance,
} from './__testUtils__/harness';
import { StackVariables, readVariableNames } from './service/StackVariables';
import type { StoredRun } from './database/RunStore';

jest.setTimeout(60_000);

const LENA = 'user:default/lena.fischer'; // owns payments-api
const SARA = 'user:default/sara.kim'; // owns something else
const NOAH = 'user:default/noah.williams'; // SRE

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('provisioning on %s', databaseId => {
  let sandbox: Sandbox;
  const instances: Instance[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [tfcSimulator({ stepMs: 15, outputsProcessingMs: 20 })],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    await admin('POST', '/admin/reset');
  });
  afterEach(async () => {
    await Promise.all(instances.splice(0).map(i => i.close()));
  });

  async function admin(method: string, path: string, body?: unknown) {
    const res = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return res.json();
  }

  async function tfcCalls(): Promise<Record<string, number>> {
    return (await admin('GET', '/admin/calls?simulator=tfc')).tfc ?? {};
  }

  async function instance(
    options: {
      knex?: any;
      engine?: ProvisioningEngine;
      owner?: string;
      variables?: StackVariables;
      onAwaitingApproval?: (run: StoredRun) => Promise<void>;
    } = {},
  ) {
    const knex = options.knex ?? (await databases.init(databaseId));
    const started = await startInstance({
      knex,
      engine: options.engine ?? sandboxEngine(sandbox.url),
      owner: options.owner,
      variables: options.variables,
      onAwaitingApproval: options.onAwaitingApproval,
    });
    instances.push(started);
    return { ...started, knex };
  }

  const request = (overrides: object = {}) => ({
    entityRef: 'component:default/payments-api',
    environments: ['dev'],
    tiers: { database: 'aurora-serverless-v2', queue: 'sqs' },
    idempotencyKey: 'task-1:provision',
    ...overrides,
  });

  it('requests dev, follows the run to applied and stores outputs without secrets', async () => {
    // A stack that declares a secret a service may set.
    const declared = readVariableNames(
      fs.readFileSync(join(INFRA, 'stacks/service-tiers/variables.tf'), 'utf8'),
    );
    const backend = await instance({
      variables: new StackVariables({
        declared: [...declared, 'alert_webhook_token'],
        settable: ['options', 'alert_webhook_token'],
        platform: {},
      }),
    });
    const res = await backend.call('POST', '/requests', {
      body: request({
        sensitiveVariables: { alert_webhook_token: 'hush-hush-secret' },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.body.runs).toHaveLength(1);
    const [run] = res.body.runs;
    expect(run).toMatchObject({
      environment: 'dev',
      workspaceName: 'payments-api-dev',
      phase: 'pending',
      engine: 'tfc',
    });
    expect(run.runUrl).toContain('/workspaces/payments-api-dev/runs/');

    const done = await followUntil(backend.follower, backend.store, run.id, [
      'applied',
    ]);
    expect(done.plan?.additions).toBeGreaterThan(0);
    expect(done.costEstimate?.proposedMonthlyCost).toBeDefined();
    expect(done.timeline.map(e => e.status)).toEqual(
      expect.arrayContaining(['requested', 'queued', 'applied']),
    );
    const outputs = Object.fromEntries(done.outputs!.map(o => [o.name, o]));
    expect(outputs.queue_url.value).toContain('payments-api-dev');
    expect(outputs.database_password).toEqual({
      name: 'database_password',
      sensitive: true,
      type: 'string',
    });

    const view = await backend.call(
      'GET',
      '/entities/component/default/payments-api',
    );
    expect(view.status).toBe(200);
    expect(view.body.environments.map((e: any) => e.environment)).toEqual([
      'dev',
      'staging',
      'prod',
    ]);
    expect(view.body.environments[0].runs[0].phase).toBe('applied');
    expect(view.body.environments[0].runs[0].outputs.length).toBeGreaterThan(0);
    expect(view.body.environments[2].runs).toEqual([]);

    // The secret reached Terraform Cloud, and nowhere else.
    const rows = await backend.knex('provisioning_runs').select();
    expect(JSON.stringify(rows)).not.toContain('hush-hush-secret');
    expect(JSON.stringify(view.body)).not.toContain('hush-hush-secret');
    expect(JSON.stringify(backend.audits)).not.toContain('hush-hush-secret');
    expect(backend.audits).toEqual([
      expect.objectContaining({
        eventId: 'provisioning-request',
        outcome: 'success',
      }),
    ]);
  });

  it('answers a repeated request with the same runs and creates nothing twice', async () => {
    const backend = await instance();
    const first = await backend.call('POST', '/requests', {
      body: request({ environments: ['dev', 'staging'] }),
    });
    const again = await backend.call('POST', '/requests', {
      body: request({ environments: ['dev', 'staging'] }),
    });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.created).toBe(false);
    expect(again.body.requestId).toBe(first.body.requestId);
    expect(again.body.runs.map((r: any) => r.id)).toEqual(
      first.body.runs.map((r: any) => r.id),
    );
    const calls = await tfcCalls();
    expect(calls['POST /api/v2/runs']).toBe(2);
    expect(calls['POST /api/v2/organizations/:organization/workspaces']).toBe(
      2,
    );
  });

  it('stops prod at approval; a non-SRE owner is denied, SRE applies with a comment', async () => {
    const backend = await instance();
    const res = await backend.call('POST', '/requests', {
      body: request({ environments: ['prod'], idempotencyKey: 'task-2' }),
    });
    const runId = res.body.runs[0].id;
    const waiting = await followUntil(backend.follower, backend.store, runId, [
      'awaiting_approval',
    ]);
    expect(waiting.plan?.additions).toBeGreaterThan(0);

    // "Waiting for you": the prod run is SRE's to decide, not its owners'.
    const forNoah = await backend.call('GET', '/decisions', { user: NOAH });
    expect(forNoah.status).toBe(200);
    expect(forNoah.body.runs.map((r: any) => r.id)).toEqual([runId]);
    const forLena = await backend.call('GET', '/decisions', { user: LENA });
    expect(forLena.body.runs).toEqual([]);

    const denied = await backend.call('POST', `/runs/${runId}/approve`, {
      user: LENA,
      body: { comment: 'looks fine' },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toMatch(
      /provisioning\.run\.apply\.production/,
    );

    const noComment = await backend.call('POST', `/runs/${runId}/approve`, {
      user: NOAH,
      body: { comment: '  ' },
    });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.message).toMatch(/comment is required/);

    const approved = await backend.call('POST', `/runs/${runId}/approve`, {
      user: NOAH,
      body: { comment: 'change CHG-42 approved' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      phase: 'applying',
      decision: {
        action: 'apply',
        by: NOAH,
        comment: 'change CHG-42 approved',
      },
    });

    const twice = await backend.call('POST', `/runs/${runId}/approve`, {
      user: NOAH,
      body: { comment: 'again' },
    });
    expect(twice.status).toBe(409);

    const done = await followUntil(backend.follower, backend.store, runId, [
      'applied',
    ]);
    expect(done.outputs?.length).toBeGreaterThan(0);
    expect(
      backend.audits
        .filter(a => a.eventId === 'provisioning-run-apply')
        .map(a => a.outcome),
    ).toEqual(['fail', 'success', 'fail']);
  });

  it('tells who may approve, once, when a run starts waiting for approval', async () => {
    const waiting: string[] = [];
    const backend = await instance({
      onAwaitingApproval: async run => void waiting.push(run.id),
    });
    const res = await backend.call('POST', '/requests', {
      body: request({ environments: ['staging'], idempotencyKey: 'task-n' }),
    });
    const runId = res.body.runs[0].id;
    await followUntil(backend.follower, backend.store, runId, [
      'awaiting_approval',
    ]);
    await backend.follower.tick();
    await backend.follower.tick();
    expect(waiting).toEqual([runId]);
  });

  it('answers 503 when Terraform Cloud fails the approval, and the run can be approved again', async () => {
    const backend = await instance({
      engine: sandboxEngine(sandbox.url, { maxRetries: 0 }),
    });
    const res = await backend.call('POST', '/requests', {
      body: request({ environments: ['staging'], idempotencyKey: 'task-9' }),
    });
    const runId = res.body.runs[0].id;
    await followUntil(backend.follower, backend.store, runId, [
      'awaiting_approval',
    ]);
    await admin('PUT', '/admin/faults/tfc', { status: 502, times: 1 });
    const failed = await backend.call('POST', `/runs/${runId}/approve`, {
      user: LENA,
      body: { comment: 'go' },
    });
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toMatch(/Could not apply run/);
    const run = await backend.store.getRun(runId);
    expect(run?.phase).toBe('awaiting_approval');
    expect(run?.message).toMatch(/^Could not apply: /);

    const approved = await backend.call('POST', `/runs/${runId}/approve`, {
      user: LENA,
      body: { comment: 'go again' },
    });
    expect(approved.status).toBe(200);
    await followUntil(backend.follower, backend.store, runId, ['applied']);
  });

  it("answers a run log that Terraform Cloud fails with 503 and the engine's message, never 500", async () => {
    const backend = await instance({
      engine: sandboxEngine(sandbox.url, { maxRetries: 0 }),
    });
    const res = await backend.call('POST', '/requests', {
      body: request({ idempotencyKey: 'task-log-503' }),
    });
    const runId = res.body.runs[0].id;
    await admin('PUT', '/admin/faults/tfc', { status: 502, times: 1 });

    const log = await backend.call('GET', `/runs/${runId}/log`);

    expect(log.status).toBe(503);
    expect(log.body.error.name).toBe('ServiceUnavailableError');
    expect(log.body.error.message).toMatch(
      /^getRun \(GET \/runs\/.*\): Terraform Cloud answered HTTP 502/,
    );
    await admin('DELETE', '/admin/faults/tfc');
  });

  it('lets owners discard staging runs and not others; retries once', async () => {
    const backend = await instance();
    const res = await backend.call('POST', '/requests', {
      body: request({ environments: ['staging'], idempotencyKey: 'task-3' }),
    });
    const runId = res.body.runs[0].id;
    await followUntil(backend.follower, backend.store, runId, [
      'awaiting_approval',
    ]);
    const other = await backend.call('POST', `/runs/${runId}/discard`, {
      user: SARA,
      body: { comment: 'not mine' },
    });
    expect(other.status).toBe(403);
    const discarded = await backend.call('POST', `/runs/${runId}/discard`, {
      user: LENA,
      body: { comment: 'wrong size' },
    });
    expect(discarded.status).toBe(200);
    await followUntil(backend.follower, backend.store, runId, ['discarded']);
    const finished = await backend.store.getRun(runId);
    expect(finished?.finishedAt).toBeDefined();

    const retry = await backend.call('POST', `/runs/${runId}/retry`, {
      user: LENA,
      body: {},
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ retryOf: runId, phase: 'pending' });
    const again = await backend.call('POST', `/runs/${runId}/retry`, {
      user: LENA,
      body: {},
    });
    expect(again.status).toBe(409);
    await followUntil(backend.follower, backend.store, retry.body.id, [
      'awaiting_approval',
    ]);

    // The view: the retry is the latest run, the discarded one is history.
    const view = await backend.call(
      'GET',
      '/entities/component/default/payments-api',
    );
    const staging = view.body.environments.find(
      (e: any) => e.environment === 'staging',
    );
    expect(staging.totalRuns).toBe(2);
    expect(staging.runs.map((r: any) => r.id)).toEqual([retry.body.id, runId]);
    expect(staging.runs[1]).toMatchObject({ phase: 'discarded', timeline: [] });
    expect(staging.runs[0].timeline.length).toBeGreaterThan(1);
  });

  it('resumes following after a restart (a new instance on the same database)', async () => {
    const first = await instance();
    const res = await first.call('POST', '/requests', {
      body: request({ idempotencyKey: 'task-4' }),
    });
    const runId = res.body.runs[0].id;
    await first.follower.tick();
    await first.close();
    instances.splice(instances.indexOf(first), 1);

    const second = await instance({ knex: first.knex });
    const done = await followUntil(second.follower, second.store, runId, [
      'applied',
    ]);
    expect(done.outputs?.length).toBeGreaterThan(0);
    const view = await second.call('GET', `/runs/${runId}`);
    expect(view.body.phase).toBe('applied');
  });

  it('two replicas on one database never look at the same run at once', async () => {
    const looks: string[] = [];
    const counting = (engine: ProvisioningEngine): ProvisioningEngine => ({
      id: engine.id,
      startRun: (t, k) => engine.startRun(t, k),
      async getRunState(ref: EngineRunRef) {
        looks.push(ref.runId);
        // Slow enough that both replicas' passes overlap.
        await new Promise(r => setTimeout(r, 50));
        return engine.getRunState(ref);
      },
      applyRun: (r, c) => engine.applyRun(r, c),
      discardRun: (r, c) => engine.discardRun(r, c),
      getRunLog: r => engine.getRunLog(r),
    });
    const engine = counting(sandboxEngine(sandbox.url));
    const a = await instance({ engine, owner: 'replica-a' });
    const b = await instance({ knex: a.knex, engine, owner: 'replica-b' });
    const res = await a.call('POST', '/requests', {
      body: request({
        environments: ['dev', 'staging', 'prod'],
        idempotencyKey: 'task-5',
      }),
    });
    expect(res.body.runs).toHaveLength(3);

    const [lookedA, lookedB] = await Promise.all([
      a.follower.tick(),
      b.follower.tick(),
    ]);
    expect(lookedA + lookedB).toBe(3);
    expect(new Set(looks).size).toBe(3);
    expect(looks).toHaveLength(3);
  });

  it('rides out a 429 storm while requesting and following', async () => {
    const backend = await instance();
    await admin('PUT', '/admin/faults/tfc', {
      status: 429,
      rate: 0.3,
      times: 30,
    });
    const res = await backend.call('POST', '/requests', {
      body: request({ idempotencyKey: 'task-6' }),
    });
    expect(res.status).toBe(201);
    expect(res.body.runs[0].phase).toBe('pending');
    const done = await followUntil(
      backend.follower,
      backend.store,
      res.body.runs[0].id,
      ['applied'],
      40_000,
    );
    expect(done.phase).toBe('applied');
  });

  it('keeps a run and says why while Terraform Cloud is down', async () => {
    const backend = await instance({
      engine: sandboxEngine(sandbox.url, { maxRetries: 1 }),
    });
    const res = await backend.call('POST', '/requests', {
      body: request({ idempotencyKey: 'task-7' }),
    });
    const runId = res.body.runs[0].id;
    await admin('PUT', '/admin/faults/tfc', { status: 503 });
    await backend.follower.tick();
    const run = await backend.store.getRun(runId);
    expect(run?.phase).toBe('pending');
    expect(run?.message).toMatch(/Could not reach tfc \(will try again\)/);
    expect(run?.failedChecks).toBe(1);
    await admin('DELETE', '/admin/faults/tfc');
  });

  it('errors a run it cannot start, without failing the others', async () => {
    const backend = await instance({
      engine: sandboxEngine(sandbox.url, { maxRetries: 0 }),
    });
    await admin('PUT', '/admin/faults/tfc', { status: 500 });
    const res = await backend.call('POST', '/requests', {
      body: request({ idempotencyKey: 'task-8' }),
    });
    await admin('DELETE', '/admin/faults/tfc');
    expect(res.status).toBe(201);
    expect(res.body.runs[0]).toMatchObject({
      phase: 'errored',
      rawStatus: 'start_failed',
      message: expect.stringMatching(/^Could not start the run: /),
    });
  });

  it('answers bad input with 400, unknown things with 404', async () => {
    const backend = await instance();
    const bad = async (body: unknown) =>
      backend.call('POST', '/requests', { body });
    const cases: Array<[unknown, RegExp]> = [
      [{ ...request(), environments: [] }, /environments/],
      [{ ...request(), environments: ['qa'] }, /Unknown environment "qa"/],
      [{ ...request(), tiers: { database: 'mysql' } }, /tiers\.database/],
      [{ ...request(), variables: { tiers: 'x' } }, /tiers: set by the portal/],
      [{ ...request(), surprise: 1 }, /surprise/],
      [{ ...request(), entityRef: 'kind:ns/' }, /entity ref|entityRef/i],
    ];
    for (const [body, message] of cases) {
      const res = await bad(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    const malformed = await backend.call('POST', '/requests', {
      rawBody: '{"entityRef":',
    });
    expect(malformed.status).toBe(400);

    expect((await backend.call('GET', '/runs/not-a-uuid')).status).toBe(400);
    expect(
      (await backend.call('GET', '/runs/4f4c8c63-3b1e-4d5c-9a56-6f0c9b1e2a11'))
        .status,
    ).toBe(404);
    expect(
      (await backend.call('GET', '/entities/component/default/nope')).status,
    ).toBe(404);
    expect(
      (
        await backend.call(
          'GET',
          '/entities/component/default/payments-api?history=0',
        )
      ).status,
    ).toBe(400);
    const noComment = await backend.call(
      'POST',
      '/runs/4f4c8c63-3b1e-4d5c-9a56-6f0c9b1e2a11/approve',
      { body: {} },
    );
    expect(noComment.status).toBe(400);
  });
});
