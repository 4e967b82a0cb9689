import { Sandbox, startSandbox, tfcSimulator } from '@internal/sandbox';
import {
  startTestActionsRegistry,
  TestActionsRegistry,
  TestDatabases,
} from '@internal/test-databases';
import {
  Instance,
  followUntil,
  sandboxEngine,
  startInstance,
} from '../__testUtils__/harness';
import { createProvisioningActions } from './createProvisioningActions';

jest.setTimeout(60_000);

const LENA = 'user:default/lena.fischer'; // owns payments-api
const SARA = 'user:default/sara.kim'; // owns something else
const NOAH = 'user:default/noah.williams'; // SRE

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('provisioning actions, through the actions registry', () => {
  let sandbox: Sandbox;
  let backend: Instance;
  let registry: TestActionsRegistry;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [tfcSimulator({ stepMs: 15, outputsProcessingMs: 20 })],
    });
  });
  afterAll(() => sandbox.close());

  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
    backend = await startInstance({
      knex: await databases.init('SQLITE_3'),
      engine: sandboxEngine(sandbox.url),
    });
    registry = await startTestActionsRegistry({
      pluginId: 'provisioning',
      register: r => createProvisioningActions({ registry: r, ...backend }),
    });
  });
  afterEach(async () => {
    await registry.close();
    await backend.close();
  });

  const request = (environments: string[], user = LENA) =>
    registry.invoke(
      'provisioning:request',
      {
        entity: 'payments-api',
        environments,
        tiers: { queue: 'sqs' },
        idempotencyKey: `test:${environments.join(',')}`,
      },
      user,
    );

  it('registers its actions with their flags', async () => {
    const actions = await registry.list();
    expect(Object.fromEntries(actions.map(a => [a.id, a.attributes]))).toEqual({
      'provisioning:list-runs': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'provisioning:get-run': {
        readOnly: true,
        idempotent: true,
        destructive: false,
      },
      'provisioning:approve-run': {
        readOnly: false,
        idempotent: false,
        destructive: true,
      },
      'provisioning:discard-run': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
      'provisioning:retry-run': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
      'provisioning:request': {
        readOnly: false,
        idempotent: false,
        destructive: false,
      },
    });
  });

  it('requests, lists and shows runs; SRE approves prod with a comment, an owner is refused', async () => {
    const requested = await request(['prod']);
    expect(requested.status).toBe(200);
    expect(requested.output.created).toBe(true);
    const runId = requested.output.runs[0].id;
    await followUntil(backend.follower, backend.store, runId, [
      'awaiting_approval',
    ]);

    const listed = await registry.invoke(
      'provisioning:list-runs',
      { entity: 'payments-api' },
      SARA, // reading is for everyone
    );
    expect(listed.status).toBe(200);
    const prod = listed.output.environments.find(
      (e: any) => e.environment === 'prod',
    );
    expect(prod.runs[0]).toMatchObject({
      id: runId,
      phase: 'awaiting_approval',
    });

    const denied = await registry.invoke(
      'provisioning:approve-run',
      { runId, comment: 'looks fine' },
      LENA,
    );
    expect(denied.status).toBe(403);
    expect(denied.error?.name).toBe('NotAllowedError');
    expect(denied.error?.message).toMatch(
      /provisioning\.run\.apply\.production/,
    );

    const noComment = await registry.invoke(
      'provisioning:approve-run',
      { runId, comment: ' ' },
      NOAH,
    );
    expect(noComment).toEqual({
      status: 400,
      error: {
        name: 'InputError',
        message: 'Invalid approval: comment: a comment is required: say why',
      },
    });

    const approved = await registry.invoke(
      'provisioning:approve-run',
      { runId, comment: 'change CHG-42 approved' },
      NOAH,
    );
    expect(approved.status).toBe(200);
    expect(approved.output).toMatchObject({
      phase: 'applying',
      decision: {
        action: 'apply',
        by: NOAH,
        comment: 'change CHG-42 approved',
      },
    });
    const shown = await registry.invoke(
      'provisioning:get-run',
      { runId },
      SARA,
    );
    expect(shown.output.decision.by).toBe(NOAH);
    expect(
      backend.audits
        .filter(a => a.eventId === 'provisioning-run-apply')
        .map(a => a.outcome),
    ).toEqual(['fail', 'success']);
  });

  it('lets owners discard and retry, not others', async () => {
    const runId = (await request(['staging'])).output.runs[0].id;
    await followUntil(backend.follower, backend.store, runId, [
      'awaiting_approval',
    ]);
    const other = await registry.invoke(
      'provisioning:discard-run',
      { runId, comment: 'not mine' },
      SARA,
    );
    expect(other.status).toBe(403);
    const discarded = await registry.invoke(
      'provisioning:discard-run',
      { runId, comment: 'wrong size' },
      LENA,
    );
    expect(discarded.status).toBe(200);
    await followUntil(backend.follower, backend.store, runId, ['discarded']);
    const retry = await registry.invoke(
      'provisioning:retry-run',
      { runId },
      LENA,
    );
    expect(retry.status).toBe(200);
    expect(retry.output).toMatchObject({ retryOf: runId, phase: 'pending' });
  });

  it('refuses a request from a non-owner, audited, and bad input with the API messages', async () => {
    const denied = await request(['dev'], SARA);
    expect(denied.status).toBe(403);
    expect(denied.error?.name).toBe('NotAllowedError');
    expect(
      backend.audits.find(a => a.eventId === 'provisioning-request')?.outcome,
    ).toBe('fail');

    const env = await registry.invoke(
      'provisioning:request',
      { entity: 'payments-api', environments: ['Dev!'], tiers: {} },
      LENA,
    );
    expect(env.error?.message).toBe(
      'Invalid request: environments.0: must be an environment name like dev',
    );
    const tier = await registry.invoke(
      'provisioning:request',
      {
        entity: 'payments-api',
        environments: ['dev'],
        tiers: { cache: 'memcached' },
      },
      LENA,
    );
    expect(tier.status).toBe(400);
    const run = await registry.invoke('provisioning:get-run', {
      runId: 'nope',
    });
    expect(run.error?.message).toBe(
      'Invalid run id: run id: must be a run id (a UUID)',
    );
    const missing = await registry.invoke('provisioning:get-run', {
      runId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.status).toBe(404);
    const entity = await registry.invoke('provisioning:list-runs', {
      entity: 'nothing-here',
    });
    expect(entity.error?.message).toBe(
      'No catalog entity component:default/nothing-here',
    );
  });
});
