import { EnvironmentDeployment } from '@internal/plugin-deployments-common';
import { ReleaseRecord } from '../../database/ReleaseStore';
import { observeEnvironment } from './observeEnvironment';

const REF = 'component:default/orders';
const rev = (c: string) => c.repeat(40);

function env(over: Partial<EnvironmentDeployment>): EnvironmentDeployment {
  return {
    environment: 'prod',
    instance: 'argocd',
    production: true,
    state: 'deployed',
    application: 'orders-prod',
    binding: 'bound',
    health: 'Healthy',
    history: [],
    ...over,
  };
}

const entry = (id: number, revision: string, current = false) => ({
  id,
  revision,
  deployStartedAt: `2026-11-0${id}T10:00:00.000Z`,
  deployedAt: `2026-11-0${id}T10:01:00.000Z`,
  committedAt: `2026-11-0${id}T09:00:00.000Z`,
  initiatedBy: 'auto-sync',
  current,
});

/** Applies observations one after the other, as the store would keep them. */
function observeAll(
  steps: Array<{ env: EnvironmentDeployment; at: string }>,
  promotions = [] as any[],
): ReleaseRecord[] {
  let records: ReleaseRecord[] = [];
  for (const step of steps) {
    const changed = observeEnvironment({
      entityRef: REF,
      env: step.env,
      existing: records,
      promotions,
      now: new Date(step.at),
    });
    const ids = new Set(changed.map(r => r.historyId));
    records = [...records.filter(r => !ids.has(r.historyId)), ...changed].sort(
      (a, b) => a.historyId - b.historyId,
    );
  }
  return records;
}

describe('observeEnvironment', () => {
  it('records each history entry, the build of the current one, and who promoted it', () => {
    const records = observeAll(
      [
        {
          env: env({
            imageTag: '1.1.0',
            history: [entry(2, rev('b'), true), entry(1, rev('a'))],
          }),
          at: '2026-11-02T12:00:00.000Z',
        },
      ],
      [
        {
          entityRef: REF,
          from: 'staging',
          to: 'prod',
          imageTag: '1.1.0',
          commitSha: rev('b'),
          actor: 'user:default/noah.williams',
          promotedAt: '2026-11-02T09:59:00.000Z',
        },
      ],
    );
    expect(records).toEqual([
      expect.objectContaining({
        historyId: 1,
        imageTag: undefined,
        outcome: 'replaced',
        endedAt: '2026-11-02T10:00:00.000Z',
        deployedBy: 'auto-sync',
      }),
      expect.objectContaining({
        historyId: 2,
        imageTag: '1.1.0',
        outcome: 'running',
        committedAt: '2026-11-02T09:00:00.000Z',
        deployedBy: 'user:default/noah.williams',
        // first seen settled: healthy once deployed
        healthyAt: '2026-11-02T10:01:00.000Z',
        rollback: false,
      }),
    ]);
    // Replaced before it was ever seen: nobody knows when it was healthy.
    expect(records[0].healthyAt).toBeUndefined();
  });

  it('says a canary aborted, then healthy again when the rollback to the earlier revision settles', () => {
    const canary = env({
      health: 'Degraded',
      imageTag: '1.1.0',
      history: [entry(2, rev('b'), true), entry(1, rev('a'))],
      rollout: {
        aborted: true,
        canaryImage: 'ghcr.io/acme/orders:1.1.0',
        stableImage: 'ghcr.io/acme/orders:1.0.0',
        abortExplanation: {
          summary: 'success-rate failed',
          values: ['0.5'],
          automatic: true,
          at: '2026-11-02T10:20:00.000Z',
          canaryImage: 'ghcr.io/acme/orders:1.1.0',
        },
      } as any,
    });
    const running = env({
      imageTag: '1.0.0',
      history: [entry(1, rev('a'), true)],
    });
    const rolledBack = env({
      imageTag: '1.0.0',
      history: [
        { ...entry(3, rev('a'), true), initiatedBy: 'noah.williams' },
        entry(2, rev('b')),
        entry(1, rev('a')),
      ],
    });
    const records = observeAll([
      { env: running, at: '2026-11-01T12:00:00.000Z' },
      { env: canary, at: '2026-11-02T10:25:00.000Z' },
      { env: rolledBack, at: '2026-11-03T10:30:00.000Z' },
    ]);
    expect(
      records.map(r => [r.historyId, r.imageTag, r.outcome, r.rollback]),
    ).toEqual([
      [1, '1.0.0', 'replaced', false],
      [2, '1.1.0', 'aborted', false],
      [3, '1.0.0', 'running', true],
    ]);
    expect(records[1]).toMatchObject({
      endedAt: '2026-11-02T10:20:00.000Z',
      endedBy: 'analysis',
      endReason: 'success-rate failed',
    });
    expect(records[1].healthyAt).toBeUndefined();
    // First seen settled: healthy once it finished deploying.
    expect(records[2].healthyAt).toBe('2026-11-03T10:01:00.000Z');
  });

  it('marks a release rolled back when the next entry redeploys an earlier revision', () => {
    const records = observeAll([
      {
        env: env({
          imageTag: '1.1.0',
          history: [entry(2, rev('b'), true), entry(1, rev('a'))],
        }),
        at: '2026-11-02T12:00:00.000Z',
      },
      {
        env: env({
          imageTag: '1.0.0',
          history: [
            { ...entry(3, rev('a'), true), initiatedBy: 'noah.williams' },
            entry(2, rev('b')),
            entry(1, rev('a')),
          ],
        }),
        at: '2026-11-03T12:00:00.000Z',
      },
    ]);
    expect(records[1]).toMatchObject({
      outcome: 'rolled-back',
      endedBy: 'noah.williams',
      endedAt: '2026-11-03T10:00:00.000Z',
    });
    // The rollback's build is the one that revision deployed before.
    expect(records[2]).toMatchObject({ rollback: true, outcome: 'running' });
  });

  it('marks a deployment healthy when a later reading first sees it settled', () => {
    const history = [entry(1, rev('a'), true)];
    const records = observeAll([
      {
        env: env({
          health: 'Progressing',
          canaryInFlight: true,
          imageTag: '1.0.0',
          history,
        }),
        at: '2026-11-01T10:02:00.000Z',
      },
      {
        env: env({ imageTag: '1.0.0', history }),
        at: '2026-11-01T10:30:00.000Z',
      },
    ]);
    expect(records[0].healthyAt).toBe('2026-11-01T10:30:00.000Z');
  });

  it('ignores applications not bound to the entity and changes nothing when nothing changed', () => {
    const bound = env({
      imageTag: '1.0.0',
      history: [entry(1, rev('a'), true)],
    });
    expect(
      observeEnvironment({
        entityRef: REF,
        env: { ...bound, binding: 'unbound' as const, application: undefined },
        existing: [],
        now: new Date(),
      }),
    ).toEqual([]);
    const first = observeEnvironment({
      entityRef: REF,
      env: bound,
      existing: [],
      now: new Date(),
    });
    expect(first).toHaveLength(1);
    expect(
      observeEnvironment({
        entityRef: REF,
        env: bound,
        existing: first,
        now: new Date(),
      }),
    ).toEqual([]);
  });
});
