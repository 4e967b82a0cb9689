import { Rollout } from '@internal/plugin-deployments-node';
import { isCanaryInFlight, rolloutState } from './rolloutState';

const steps = [
  { setWeight: 10 },
  { pause: {} },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { setWeight: 50 },
  { pause: { duration: '30s' } },
];

function rollout(status: Rollout['status']): Rollout {
  return {
    metadata: {
      name: 'payments-api',
      namespace: 'payments-api',
      generation: 3,
    },
    spec: { strategy: { canary: { steps } } },
    status: { observedGeneration: '3', ...status },
  };
}

describe('rolloutState', () => {
  it('marks steps done, current and pending, and derives the weight without traffic routing status', () => {
    const state = rolloutState({
      rollout: rollout({
        phase: 'Paused',
        currentStepIndex: 1,
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: 'x' }],
        currentPodHash: 'new',
        stableRS: 'old',
      }),
      tree: [
        { kind: 'ReplicaSet', name: 'payments-api-old', images: ['img:1.4.0'] },
        { kind: 'ReplicaSet', name: 'payments-api-new', images: ['img:1.5.0'] },
      ],
      analysisRuns: [],
      actions: [
        { name: 'resume', disabled: false },
        { name: 'abort', disabled: false },
        { name: 'retry', disabled: true },
      ],
    });
    expect(state.steps.map(s => s.state)).toEqual([
      'done',
      'current',
      'pending',
      'pending',
      'pending',
    ]);
    expect(state.steps[1].pauseSeconds).toBeUndefined();
    expect(state.steps[4].pauseSeconds).toBe(30);
    expect(state.weights).toEqual({ canary: 10, stable: 90 });
    expect(state).toMatchObject({
      health: 'Suspended',
      paused: true,
      pauseReasons: ['CanaryPauseStep'],
      stableImage: 'img:1.4.0',
      canaryImage: 'img:1.5.0',
      stablePodHash: 'old',
      canaryPodHash: 'new',
      availableActions: ['promote', 'abort'],
    });
  });

  it('puts all traffic back on stable after an abort', () => {
    const state = rolloutState({
      rollout: rollout({
        phase: 'Degraded',
        abort: true,
        currentStepIndex: 3,
        canary: {
          weights: { canary: { weight: 50 }, stable: { weight: 50 } },
        },
      }),
      tree: [],
      analysisRuns: [],
      actions: [],
    });
    expect(state).toMatchObject({
      aborted: true,
      health: 'Degraded',
      weights: { canary: 0, stable: 100 },
    });
  });
});

describe('isCanaryInFlight', () => {
  const rolloutAt = (canary: number, aborted = false) => ({
    aborted,
    weights: { canary, stable: 100 - canary },
  });

  it('is in flight when two images serve', () => {
    expect(isCanaryInFlight(['app:1', 'app:2'])).toBe(true);
    expect(isCanaryInFlight(['app:1'])).toBe(false);
  });

  it('is in flight when the Rollout sends traffic to a canary of the same image (new values)', () => {
    expect(isCanaryInFlight(['app:1'], rolloutAt(10))).toBe(true);
    expect(isCanaryInFlight(['app:1'], rolloutAt(0))).toBe(false);
  });

  it('is not in flight once the Rollout aborted', () => {
    expect(isCanaryInFlight(['app:1'], rolloutAt(10, true))).toBe(false);
  });
});
