import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  Sandbox,
  startSandbox,
  cloudformationSimulator,
  SANDBOX_AWS_CREDENTIALS,
} from '@internal/sandbox';
import { readFileSync } from 'node:fs';
import type {
  EngineRunRef,
  EngineRunState,
  EngineTarget,
} from '../engine/ProvisioningEngine';
import {
  CloudFormationEngine,
  DEFAULT_TEMPLATE_PATH,
  outputName,
} from './CloudFormationEngine';

const STEP_MS = 50;
const REGION = 'eu-central-1';

describe('CloudFormationEngine', () => {
  let sandbox: Sandbox;
  const clients: CloudFormationClient[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [cloudformationSimulator({ stepMs: STEP_MS })],
    });
  });

  afterAll(async () => {
    clients.forEach(c => c.destroy());
    await sandbox.close();
  });

  beforeEach(async () => {
    await fetch(`${sandbox.url}/admin/reset`, { method: 'POST' });
  });

  function engine(
    options: {
      credentials?: typeof SANDBOX_AWS_CREDENTIALS;
      endpoint?: string;
      maxAttempts?: number;
    } = {},
  ) {
    const client = new CloudFormationClient({
      region: REGION,
      endpoint: options.endpoint ?? `${sandbox.url}/cloudformation`,
      credentials: options.credentials ?? SANDBOX_AWS_CREDENTIALS,
      maxAttempts: options.maxAttempts ?? 1,
    });
    clients.push(client);
    return new CloudFormationEngine({
      client,
      region: REGION,
      templateBody: readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8'),
      pollIntervalMs: STEP_MS,
    });
  }

  function target(overrides: Partial<EngineTarget> = {}): EngineTarget {
    return {
      service: 'payments-api',
      environment: 'staging',
      variables: { tiers: { queue: 'sqs' } },
      autoApply: false,
      tags: { owner: 'team-payments' },
      ...overrides,
    };
  }

  async function until(
    cfn: CloudFormationEngine,
    ref: EngineRunRef,
    done: (state: EngineRunState) => boolean,
    seen: string[] = [],
  ): Promise<EngineRunState> {
    for (let i = 0; i < 300; i++) {
      const state = await cfn.getRunState(ref);
      if (seen[seen.length - 1] !== state.phase) {
        seen.push(state.phase);
      }
      if (done(state)) {
        return state;
      }
      await new Promise(r => setTimeout(r, STEP_MS / 2));
    }
    throw new Error('timed out');
  }

  const settled = (s: EngineRunState) =>
    !['pending', 'planning', 'applying'].includes(s.phase);

  it('plans with a change set, waits for approval, applies and reports outputs and the log', async () => {
    const cfn = engine();
    const ref = await cfn.startRun(target(), 'task-1:provision');
    expect(ref).toMatchObject({
      engine: 'cloudformation',
      scope: REGION,
      workspaceId: expect.stringMatching(
        /^arn:aws:cloudformation:eu-central-1:123456789012:stack\/payments-api-staging\//,
      ),
      runId: expect.stringMatching(/:changeSet\/portal-[0-9a-f]{24}\//),
    });
    expect(ref.runUrl).toContain(
      'https://eu-central-1.console.aws.amazon.com/cloudformation/home?region=eu-central-1#/stacks/changesets/changes?stackId=arn%3Aaws%3Acloudformation',
    );

    const seen: string[] = [];
    const planned = await until(cfn, ref, settled, seen);
    // CREATE_PENDING -> CREATE_IN_PROGRESS -> CREATE_COMPLETE, though a
    // busy machine may look only after the change set is computed.
    expect(seen[seen.length - 1]).toBe('awaiting_approval');
    expect(seen).not.toContain('applying');
    expect(planned).toMatchObject({
      phase: 'awaiting_approval',
      rawStatus: 'CREATE_COMPLETE',
      plan: { additions: 4, changes: 0, destructions: 0 },
    });

    await cfn.applyRun(ref, 'approved by lena.fischer');
    const applied = await until(cfn, ref, settled, seen);
    expect(applied.phase).toBe('applied');
    expect(applied.rawStatus).toBe('CREATE_COMPLETE');
    expect(Object.keys(applied.statusTimestamps!)).toEqual(
      expect.arrayContaining(['CREATE_COMPLETE', 'CREATE_IN_PROGRESS']),
    );
    expect(applied.outputs).toEqual(
      expect.arrayContaining([
        {
          name: 'queue_url',
          value:
            'https://sqs.eu-central-1.amazonaws.com/123456789012/payments-api-staging',
          sensitive: false,
          type: 'string',
        },
        expect.objectContaining({
          name: 'dead_letter_queue_arn',
          value:
            'arn:aws:sqs:eu-central-1:123456789012:payments-api-staging-dlq',
        }),
        expect.objectContaining({
          name: 'queue_access_policy_arn',
          value:
            'arn:aws:iam::123456789012:policy/payments-api-staging-queue-access',
        }),
        expect.objectContaining({
          name: 'tier_manifest_parameter',
          value: '/services/payments-api/staging/tiers',
        }),
      ]),
    );

    const log = (await cfn.getRunLog(ref)).map(l => l.text);
    expect(log).toEqual(
      expect.arrayContaining([
        '+ Add AWS::SQS::Queue Queue',
        '+ Add AWS::IAM::ManagedPolicy QueueAccessPolicy',
        'CREATE_IN_PROGRESS AWS::CloudFormation::Stack payments-api-staging: User Initiated',
        'CREATE_COMPLETE AWS::SQS::Queue DeadLetterQueue',
        'CREATE_COMPLETE AWS::CloudFormation::Stack payments-api-staging',
      ]),
    );
    // The log is this execution's events only, oldest first.
    expect(log).not.toContain(
      'REVIEW_IN_PROGRESS AWS::CloudFormation::Stack payments-api-staging: User Initiated',
    );
    expect(log[log.length - 1]).toBe(
      'CREATE_COMPLETE AWS::CloudFormation::Stack payments-api-staging',
    );
  });

  it('applies dev runs by itself', async () => {
    const cfn = engine();
    const ref = await cfn.startRun(
      target({ environment: 'dev', autoApply: true }),
      'task-2',
    );
    const seen: string[] = [];
    const state = await until(cfn, ref, settled, seen);
    expect(seen).not.toContain('awaiting_approval');
    expect(state.phase).toBe('applied');
  });

  it('updates an existing stack: modifications, removals, and nothing to do', async () => {
    const cfn = engine();
    const first = await cfn.startRun(target({ autoApply: true }), 'create');
    expect((await until(cfn, first, settled)).phase).toBe('applied');

    const resized = await cfn.startRun(
      target({
        variables: {
          tiers: { queue: 'sqs' },
          sizes: { queue_message_retention_seconds: 86400 },
        },
      }),
      'resize',
    );
    const planned = await until(cfn, resized, settled);
    expect(planned.plan).toEqual({ additions: 0, changes: 1, destructions: 0 });
    expect((await cfn.getRunLog(resized)).map(l => l.text)).toContain(
      '~ Modify AWS::SQS::Queue Queue',
    );
    await cfn.applyRun(resized, 'ok');
    const updated = await until(cfn, resized, settled);
    expect(updated).toMatchObject({
      phase: 'applied',
      rawStatus: 'UPDATE_COMPLETE',
    });

    const same = await cfn.startRun(
      target({
        variables: {
          tiers: { queue: 'sqs' },
          sizes: { queue_message_retention_seconds: '86400' },
        },
      }),
      'same',
    );
    expect(await until(cfn, same, settled)).toMatchObject({
      phase: 'planned_and_finished',
      plan: { additions: 0, changes: 0, destructions: 0 },
    });

    const dropQueue = await cfn.startRun(
      target({ variables: { tiers: { queue: 'none' } } }),
      'drop',
    );
    expect((await until(cfn, dropQueue, settled)).plan).toEqual({
      additions: 0,
      changes: 1, // the tier manifest
      destructions: 3,
    });
  });

  it('discards a change set, and the next request creates the stack anew', async () => {
    const cfn = engine();
    const ref = await cfn.startRun(target(), 'first');
    await until(cfn, ref, settled);
    await cfn.discardRun(ref, 'not now');
    await cfn.discardRun(ref, 'twice is fine');
    expect(await cfn.getRunState(ref)).toMatchObject({
      phase: 'discarded',
    });
    await expect(cfn.applyRun(ref, 'too late')).rejects.toThrow(
      /Applying the change set: ChangeSet \[.*\] does not exist/,
    );

    const again = await cfn.startRun(target({ autoApply: true }), 'second');
    expect(again.workspaceId).toBe(ref.workspaceId); // the stack under review
    expect((await until(cfn, again, settled)).phase).toBe('applied');
  });

  it('is idempotent on the idempotency key, also for concurrent callers', async () => {
    const a = engine();
    const b = engine();
    const [one, two] = await Promise.all([
      a.startRun(target(), 'task-9:step-2'),
      b.startRun(target(), 'task-9:step-2'),
    ]);
    expect(two.runId).toBe(one.runId);
    await until(a, one, settled);
    await Promise.all([a.applyRun(one, 'ok'), b.applyRun(one, 'ok')]);
    expect((await until(a, one, settled)).phase).toBe('applied');
    const three = await a.startRun(target(), 'task-9:step-2');
    expect(three.runId).toBe(one.runId);
    const other = await a.startRun(target(), 'task-10:step-2');
    expect(other.runId).not.toBe(one.runId);
  });

  it('reports a failed creation, then deletes the rolled-back stack on the next run', async () => {
    const cfn = engine();
    const ref = await cfn.startRun(
      target({ autoApply: true, tags: { note: 'force-error' } }),
      'doomed',
    );
    const failed = await until(cfn, ref, settled);
    expect(failed.phase).toBe('errored');
    expect(failed.rawStatus).toBe('ROLLBACK_COMPLETE');
    expect(failed.message).toMatch(
      /^The following resource\(s\) failed to create: \[.*\]\. Rollback requested by user\. — \w+: Resource handler returned message: "forced failure/,
    );

    const retry = await cfn.startRun(target({ autoApply: true }), 'retry');
    expect(retry.workspaceId).not.toBe(ref.workspaceId);
    expect((await until(cfn, retry, settled)).phase).toBe('applied');
  });

  it('refuses to apply or discard a change set that is still being computed', async () => {
    // A clock slow enough that the change set is surely still computing.
    const slow = await startSandbox({
      port: 0,
      simulators: [cloudformationSimulator({ stepMs: 60_000 })],
    });
    try {
      const cfn = engine({ endpoint: `${slow.url}/cloudformation` });
      const ref = await cfn.startRun(target(), 'early');
      expect((await cfn.getRunState(ref)).phase).toBe('pending');
      const error = await cfn.applyRun(ref, 'hurry').catch(e => e);
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toMatch(
        /^The change set cannot be applied now: it is CREATE_PENDING \/ UNAVAILABLE/,
      );
      await expect(cfn.discardRun(ref, 'no')).rejects.toThrow(
        /^The change set cannot be discarded now/,
      );
    } finally {
      await slow.close();
    }
  });

  it.each([
    [
      { tiers: { database: 'rds-postgres', queue: 'sqs' } },
      'The CloudFormation engine provisions the queue tier only; tiers.database "rds-postgres" needs the Terraform Cloud engine for payments-api in staging',
    ],
    [
      { tiers: { queue: 'kafka' } },
      'tiers.queue must be none or sqs, not "kafka"',
    ],
    [
      { tiers: { queue: 'sqs' }, sizes: { queue_max_receive_count: 0 } },
      'sizes.queue_max_receive_count must be a whole number from 1 to 1000, not 0',
    ],
    [{ tiers: '{not json' }, 'Variable tiers must be an object or its JSON'],
  ])(
    'refuses variables it cannot provision: %j',
    async (variables, message) => {
      const error = await engine()
        .startRun(target({ variables }), 'bad')
        .catch(e => e);
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(message);
    },
  );

  it('explains rejected credentials and an unreachable endpoint', async () => {
    const wrong = engine({
      credentials: { ...SANDBOX_AWS_CREDENTIALS, secretAccessKey: 'nope' },
    });
    const denied = await wrong.startRun(target(), 'x').catch(e => e);
    expect(denied).toBeInstanceOf(AuthenticationError);
    expect(denied.message).toMatch(
      /AWS rejected the provisioning credentials \(SignatureDoesNotMatch\)/,
    );

    const down = engine({ endpoint: 'http://127.0.0.1:9/cloudformation' });
    const unreachable = await down.startRun(target(), 'x').catch(e => e);
    expect(unreachable).toBeInstanceOf(ServiceUnavailableError);
    expect(unreachable.message).toMatch(/CloudFormation is unreachable/);
  });

  describe('with faults injected by the sandbox', () => {
    const inject = (fault: object) =>
      fetch(`${sandbox.url}/admin/faults/cloudformation`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(fault),
      });
    afterEach(() =>
      fetch(`${sandbox.url}/admin/faults/cloudformation`, { method: 'DELETE' }),
    );

    it.each([503, 429])(
      'rides out passing %i answers with the SDK retries',
      async status => {
        await inject({ status, times: 2 });
        const ref = await engine({ maxAttempts: 3 }).startRun(target(), 'k');
        expect(ref.runId).toMatch(/:changeSet\//);
      },
    );

    it('reports CloudFormation as unavailable once the retries are spent', async () => {
      await inject({ status: 503 });
      const error = await engine({ maxAttempts: 2 })
        .startRun(target(), 'k')
        .catch(e => e);
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toMatch(
        /^Reading stack payments-api-staging: CloudFormation is unreachable, failing or throttling after retries/,
      );
    });
  });

  it('names outputs as the Terraform stack does', () => {
    expect(outputName('QueueUrl')).toBe('queue_url');
    expect(outputName('DeadLetterQueueArn')).toBe('dead_letter_queue_arn');
    expect(outputName('ARNOfThing')).toBe('arn_of_thing');
  });
});
