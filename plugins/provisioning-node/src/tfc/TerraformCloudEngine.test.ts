import path from 'node:path';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Sandbox, startSandbox, tfcSimulator } from '@internal/sandbox';
import type {
  EngineRunRef,
  EngineRunState,
  EngineTarget,
} from '../engine/ProvisioningEngine';
import { createConfigurationArchive } from './configurationArchive';
import { TerraformCloudClient } from './TerraformCloudClient';
import { TerraformCloudEngine, toHcl } from './TerraformCloudEngine';
import { TerraformCloudError } from './TerraformCloudError';

const INFRA = path.resolve(__dirname, '../../../../infra');

describe('TerraformCloudEngine against the simulator', () => {
  let sandbox: Sandbox;
  const logs: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [tfcSimulator({ stepMs: 10, outputsProcessingMs: 20 })],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(async () => {
    logs.length = 0;
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
  });

  function makeEngine() {
    const record = (message: string, meta?: unknown) =>
      logs.push(`${message} ${JSON.stringify(meta ?? {})}`);
    const client = TerraformCloudClient.create({
      token: 'sandbox-tfc-token',
      baseUrl: `${sandbox.url}/tfc`,
      logger: { debug: record, warn: record },
    });
    return new TerraformCloudEngine({
      organizations: [{ name: 'acme', client, appUrl: `${sandbox.url}/tfc` }],
      configurationArchive: () =>
        createConfigurationArchive({
          root: INFRA,
          include: ['modules', 'stacks/service-tiers'],
        }),
      workingDirectory: 'stacks/service-tiers',
      uploadPollIntervalMs: 10,
    });
  }

  const target = (environment: string, autoApply: boolean): EngineTarget => ({
    service: 'payments-api',
    environment,
    autoApply,
    variables: {
      service_name: 'payments-api',
      environment,
      tiers: { database: 'aurora-serverless-v2', cache: 'none', queue: 'sqs' },
    },
    sensitiveVariables: { alert_webhook_token: 'super-secret-value' },
  });

  async function waitFor(
    engine: TerraformCloudEngine,
    ref: EngineRunRef,
    until: (state: EngineRunState) => boolean,
  ): Promise<EngineRunState> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const state = await engine.getRunState(ref);
      if (until(state)) return state;
      if (Date.now() > deadline) {
        throw new Error(`run still ${state.rawStatus}`);
      }
      await new Promise(r => setTimeout(r, 20));
    }
  }

  it('provisions dev to the end and returns outputs without secret values', async () => {
    const engine = makeEngine();
    const ref = await engine.startRun(target('dev', true), 'task-1:dev');
    expect(ref).toMatchObject({ engine: 'tfc', scope: 'acme' });
    expect(ref.runUrl).toContain('/app/acme/workspaces/payments-api-dev/runs/');

    const state = await waitFor(engine, ref, s => s.phase === 'applied');
    expect(state.plan?.additions).toBeGreaterThan(0);
    expect(state.costEstimate?.proposedMonthlyCost).toBeDefined();
    const names = state.outputs!.map(o => o.name);
    expect(names).toEqual(
      expect.arrayContaining(['database_endpoint', 'queue_url']),
    );
    const password = state.outputs!.find(o => o.name === 'database_password');
    expect(password).toEqual(expect.objectContaining({ sensitive: true }));
    expect(password).not.toHaveProperty('value');
    expect(logs.join('\n')).not.toContain('super-secret-value');

    const log = await engine.getRunLog(ref);
    expect(log.length).toBeGreaterThan(0);
  });

  it('returns the same run for the same idempotency key', async () => {
    const engine = makeEngine();
    const first = await engine.startRun(target('dev', true), 'task-2:dev');
    const second = await engine.startRun(target('dev', true), 'task-2:dev');
    expect(second.runId).toBe(first.runId);
    const third = await engine.startRun(target('dev', true), 'task-3:dev');
    expect(third.runId).not.toBe(first.runId);
    expect(third.workspaceId).toBe(first.workspaceId);
  });

  it('waits for approval in prod, then applies or refuses clearly', async () => {
    const engine = makeEngine();
    const ref = await engine.startRun(target('prod', false), 'task-4:prod');
    await waitFor(engine, ref, s => s.phase === 'awaiting_approval');
    await engine.applyRun(ref, 'ship it');
    const done = await waitFor(engine, ref, s => s.phase === 'applied');
    expect(done.outputs?.length).toBeGreaterThan(0);
    await expect(engine.discardRun(ref, 'too late')).rejects.toMatchObject({
      status: 409,
    });
  });

  it('answers Backstage errors: a refused transition is a conflict, a missing run not found', async () => {
    const engine = makeEngine();
    const ref = await engine.startRun(target('prod', false), 'task-5:prod');
    await waitFor(engine, ref, s => s.phase === 'awaiting_approval');
    await engine.discardRun(ref, 'not now');
    await waitFor(engine, ref, s => s.phase === 'discarded');

    const conflict = await engine.applyRun(ref, 'too late').catch(e => e);
    expect(ConflictError.is(conflict)).toBe(true);
    expect(conflict.cause).toBeInstanceOf(TerraformCloudError);
    expect(conflict.message).toMatch(
      /^applyRun \(POST \/runs\/.*: transition not allowed/,
    );

    const missing = await engine
      .getRunState({ ...ref, runId: 'run-nothing' })
      .catch(e => e);
    expect(NotFoundError.is(missing)).toBe(true);
    expect(missing.upstream).toMatchObject({
      system: 'Terraform Cloud',
      upstreamStatus: 404,
    });
  });
});

describe('toHcl', () => {
  it('renders objects, lists and escapes interpolation', () => {
    expect(
      toHcl({ database: 'none', public_http: true, zones: ['a', 'b'], n: 2 }),
    ).toBe(
      '{ database = "none", public_http = true, zones = ["a", "b"], n = 2 }',
    );
    expect(toHcl('${evil}')).toBe('"$${evil}"');
  });
});
