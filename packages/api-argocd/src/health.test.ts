import {
  analysisRunHealth,
  isWorseHealth,
  rolloutHealth,
  toHealthStatus,
} from './health';
import { AnalysisRun, Rollout, RolloutStatus } from './rollouts';

/*
 * The cases of Argo CD's resource_customizations/argoproj.io/Rollout/
 * health_test.yaml (argoproj/argo-cd @37ee0097), one per test data file,
 * reduced to the fields the check reads. Each case names its file.
 */

const canary = { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } };

function rollout(
  status: RolloutStatus | undefined,
  extra: {
    generation?: number;
    annotations?: Record<string, string>;
    spec?: Partial<Rollout['spec']>;
  } = {},
): Rollout {
  return {
    metadata: {
      name: 'r',
      generation: extra.generation,
      annotations: extra.annotations,
    },
    spec: { replicas: 5, strategy: canary, ...extra.spec },
    status,
  };
}

const settled: RolloutStatus = {
  currentPodHash: '754cb84d5',
  stableRS: '754cb84d5',
  replicas: 1,
  updatedReplicas: 1,
  availableReplicas: 1,
  currentStepIndex: 2,
};

const cases: Array<[string, Rollout, { status: string; message: string }]> = [
  [
    'newRolloutWithoutStatus',
    rollout(undefined, { generation: 1 }),
    {
      status: 'Progressing',
      message: 'Waiting for rollout spec update to be observed',
    },
  ],
  [
    'progressing_newGeneration',
    rollout(
      { ...settled, observedGeneration: '1' },
      { generation: 2, spec: { replicas: 1 } },
    ),
    {
      status: 'Progressing',
      message: 'Waiting for rollout spec update to be observed',
    },
  ],
  [
    'progressing_newWorkloadGeneration',
    rollout(
      {
        ...settled,
        observedGeneration: '3',
        phase: 'Healthy',
        workloadObservedGeneration: '1',
      },
      {
        generation: 3,
        annotations: { 'rollout.argoproj.io/workload-generation': '2' },
        spec: { workloadRef: { kind: 'Deployment', name: 'd' } },
      },
    ),
    {
      status: 'Progressing',
      message: 'Waiting for rollout spec update to be observed',
    },
  ],
  [
    'degraded_statusPhaseMessage',
    rollout(
      {
        ...settled,
        observedGeneration: '8575574967',
        phase: 'Degraded',
        message: 'InvalidSpec',
      },
      { generation: 1, spec: { replicas: 1 } },
    ),
    { status: 'Degraded', message: 'InvalidSpec' },
  ],
  [
    'healthy_legacy_v0.9_observedGeneration (a hash)',
    rollout(
      { ...settled, observedGeneration: 'abc123' },
      { generation: 1, spec: { replicas: 1 } },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'healthy_legacy_v0.9_observedGeneration_numeric (beyond the generation)',
    rollout(
      { ...settled, observedGeneration: '8575574967' },
      { generation: 1, spec: { replicas: 1 } },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'healthy_legacy_v1.0_newWorkloadGeneration (no workload-generation annotation)',
    rollout(
      { ...settled, observedGeneration: '3', phase: 'Healthy' },
      {
        generation: 3,
        annotations: { 'rollout.argoproj.io/revision': '1' },
        spec: { workloadRef: { kind: 'Deployment', name: 'd' } },
      },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'healthy_newWorkloadGeneration',
    rollout(
      {
        ...settled,
        observedGeneration: '3',
        phase: 'Healthy',
        workloadObservedGeneration: '1',
      },
      {
        generation: 3,
        annotations: { 'rollout.argoproj.io/workload-generation': '1' },
        spec: { workloadRef: { kind: 'Deployment', name: 'd' } },
      },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'degraded_invalidSpec',
    rollout(
      {
        ...settled,
        observedGeneration: '3',
        conditions: [
          {
            type: 'Progressing',
            status: 'True',
            reason: 'NewReplicaSetAvailable',
            message:
              'ReplicaSet "basic-754cb84d5" has successfully progressed.',
            lastTransitionTime: '2020-11-13T00:22:48Z',
            lastUpdateTime: '2020-11-13T00:22:50Z',
          },
          {
            type: 'InvalidSpec',
            status: 'True',
            reason: 'InvalidSpec',
            message:
              'The Rollout "basic" is invalid: spec.strategy.strategy: Required value',
            lastTransitionTime: '2020-11-13T00:40:30Z',
            lastUpdateTime: '2020-11-13T00:40:30Z',
          },
        ],
      },
      { generation: 3, spec: { replicas: 1, strategy: {} } },
    ),
    {
      status: 'Degraded',
      message:
        'The Rollout "basic" is invalid: spec.strategy.strategy: Required value',
    },
  ],
  [
    'degraded_rolloutTimeout',
    rollout(
      {
        currentPodHash: '6b8cf6f7db',
        observedGeneration: '7bcdbf7bd9',
        replicas: 4,
        updatedReplicas: 1,
        availableReplicas: 3,
        blueGreen: { activeSelector: '8464d8564d' },
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message:
              'ReplicaSet "guestbook-6b8cf6f7db" has timed out progressing.',
            lastTransitionTime: '2019-05-01T21:36:03Z',
            lastUpdateTime: '2019-05-01T21:36:03Z',
          },
        ],
      },
      {
        generation: 1,
        spec: { replicas: 3, strategy: { blueGreen: { activeService: 'a' } } },
      },
    ),
    {
      status: 'Degraded',
      message: 'ReplicaSet "guestbook-6b8cf6f7db" has timed out progressing.',
    },
  ],
  [
    'degraded_abortedRollout',
    rollout({
      abort: true,
      currentPodHash: '6758949f55',
      canary: { stableRS: '645d5dbc4c' },
      observedGeneration: '58b949649c',
      replicas: 5,
      availableReplicas: 5,
      currentStepIndex: 0,
      conditions: [
        {
          type: 'Progressing',
          status: 'False',
          reason: 'RolloutAborted',
          message: 'Rollout is aborted',
          lastTransitionTime: '2019-11-05T18:20:12Z',
          lastUpdateTime: '2019-11-05T18:20:12Z',
        },
      ],
    }),
    { status: 'Degraded', message: 'Rollout is aborted' },
  ],
  [
    'bluegreen/healthy_servingActiveService',
    rollout(
      {
        currentPodHash: 'dc689d967',
        observedGeneration: '77646c9d4c',
        replicas: 1,
        updatedReplicas: 1,
        availableReplicas: 1,
        blueGreen: { activeSelector: 'dc689d967', previewSelector: '' },
      },
      {
        generation: 1,
        spec: { replicas: 1, strategy: { blueGreen: { activeService: 'a' } } },
      },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'bluegreen/progressing_addingMoreReplicas',
    rollout(
      {
        currentPodHash: '697fb9575c',
        observedGeneration: '767f98959f',
        replicas: 3,
        updatedReplicas: 0,
        availableReplicas: 3,
      },
      {
        generation: 1,
        spec: { replicas: 3, strategy: { blueGreen: { activeService: 'a' } } },
      },
    ),
    {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: More replicas need to be updated',
    },
  ],
  [
    'bluegreen/progressing_waitingUntilAvailable',
    rollout(
      {
        currentPodHash: '697fb9575c',
        observedGeneration: '767f98959f',
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 0,
      },
      {
        generation: 1,
        spec: { replicas: 3, strategy: { blueGreen: { activeService: 'a' } } },
      },
    ),
    {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: updated replicas are still becoming available',
    },
  ],
  [
    'canary/progressing_setWeightStep',
    rollout(
      {
        currentPodHash: '6b566f47b7',
        canary: { stableRS: 'df986d68' },
        observedGeneration: '6df79499bc',
        replicas: 5,
        updatedReplicas: 2,
        availableReplicas: 5,
        currentStepIndex: 3,
      },
      { generation: 1 },
    ),
    {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: More replicas need to be updated',
    },
  ],
  [
    'canary/progressing_killingOldReplicas',
    rollout(
      {
        currentPodHash: '694fb7759c',
        canary: { stableRS: '74d6dc8544' },
        observedGeneration: '7fcc96c7b7',
        replicas: 6,
        updatedReplicas: 5,
        availableReplicas: 5,
      },
      { generation: 101, spec: { replicas: 5, strategy: { canary: {} } } },
    ),
    {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: old replicas are pending termination',
    },
  ],
  [
    'suspended_controllerPause',
    rollout({
      currentPodHash: '6758949f55',
      canary: { stableRS: '75c96899b8' },
      observedGeneration: '5b9f9dd6c6',
      controllerPause: true,
      pauseConditions: [
        { reason: 'CanaryPauseStep', startTime: '2019-12-09T18:34:12Z' },
      ],
      replicas: 5,
      updatedReplicas: 1,
      availableReplicas: 5,
      currentStepIndex: 1,
    }),
    { status: 'Suspended', message: 'Rollout is paused' },
  ],
  [
    'suspended_userPause',
    rollout(
      {
        currentPodHash: '6b566f47b7',
        canary: { stableRS: 'df986d68' },
        observedGeneration: '5c788f4484',
        replicas: 5,
        updatedReplicas: 1,
        availableReplicas: 5,
        currentStepIndex: 1,
      },
      { spec: { paused: true } },
    ),
    { status: 'Suspended', message: 'Rollout is paused' },
  ],
  [
    'suspended_v1.0_pausedRollout',
    rollout(
      {
        phase: 'Paused',
        message: 'CanaryPauseStep',
        observedGeneration: '5',
        currentPodHash: '8566c77b97',
        stableRS: '77f4f8ff97',
        controllerPause: true,
        pauseConditions: [
          { reason: 'CanaryPauseStep', startTime: '2021-07-15T21:08:55Z' },
        ],
        replicas: 6,
        updatedReplicas: 2,
        availableReplicas: 6,
        currentStepIndex: 1,
      },
      { generation: 5 },
    ),
    { status: 'Suspended', message: 'CanaryPauseStep' },
  ],
  [
    'canary/healthy_executedAllStepsPreV0.8 (stableRS under status.canary)',
    rollout(
      {
        currentPodHash: '84ccfddd66',
        canary: { stableRS: '84ccfddd66' },
        observedGeneration: 'c45557fd9',
        replicas: 5,
        updatedReplicas: 5,
        availableReplicas: 5,
        currentStepIndex: 4,
      },
      { generation: 1 },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'canary/healthy_executedAllSteps',
    rollout(
      {
        currentPodHash: '84ccfddd66',
        stableRS: '84ccfddd66',
        canary: {},
        observedGeneration: 'c45557fd9',
        replicas: 5,
        updatedReplicas: 5,
        availableReplicas: 5,
        currentStepIndex: 4,
      },
      { generation: 1 },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'canary/progressing_noSteps',
    rollout(
      {
        currentPodHash: '567dd56d89',
        canary: { stableRS: '567dd56d89' },
        observedGeneration: '6886f85bff',
        replicas: 6,
        updatedReplicas: 5,
        availableReplicas: 2,
      },
      { generation: 1, spec: { replicas: 5, strategy: { canary: {} } } },
    ),
    {
      status: 'Progressing',
      message:
        'Waiting for roll out to finish: updated replicas are still becoming available',
    },
  ],
  [
    'canary/healthy_noSteps',
    rollout(
      {
        currentPodHash: '567dd56d89',
        canary: { stableRS: '567dd56d89' },
        observedGeneration: '6886f85bff',
        replicas: 5,
        updatedReplicas: 5,
        availableReplicas: 5,
      },
      { generation: 1, spec: { replicas: 5, strategy: { canary: {} } } },
    ),
    { status: 'Healthy', message: '' },
  ],
  [
    'canary/healthy_emptyStepsList',
    rollout(
      {
        currentPodHash: '567dd56d89',
        canary: { stableRS: '567dd56d89' },
        observedGeneration: '6886f85bff',
        replicas: 5,
        updatedReplicas: 5,
        availableReplicas: 5,
      },
      {
        generation: 1,
        spec: { replicas: 5, strategy: { canary: { steps: [] } } },
      },
    ),
    { status: 'Healthy', message: '' },
  ],
];

describe('rolloutHealth (Argo CD health.lua for argoproj.io/Rollout)', () => {
  it.each(cases)('%s', (_name, input, expected) => {
    expect(rolloutHealth(input)).toEqual(expected);
  });

  it('maps phase Paused to Suspended and passes other phases through', () => {
    const at = (phase: RolloutStatus['phase']) =>
      rolloutHealth(
        rollout(
          { ...settled, observedGeneration: '1', phase },
          { generation: 1 },
        ),
      ).status;

    expect([
      at('Paused'),
      at('Progressing'),
      at('Degraded'),
      at('Healthy'),
    ]).toEqual(['Suspended', 'Progressing', 'Degraded', 'Healthy']);
  });

  it('reads a canary that has not reached its stable ReplicaSet as still stepping', () => {
    const health = rolloutHealth(
      rollout(
        {
          ...settled,
          stableRS: 'older',
          replicas: 5,
          updatedReplicas: 5,
          availableReplicas: 5,
        },
        { generation: 1 },
      ),
    );

    expect(health).toEqual({
      status: 'Progressing',
      message: 'Waiting for rollout to finish steps',
    });
  });
});

describe('analysisRunHealth (Argo CD health.lua for argoproj.io/AnalysisRun)', () => {
  const run = (status?: AnalysisRun['status']): AnalysisRun => ({
    metadata: { name: 'a' },
    spec: { metrics: [] },
    status,
  });

  it.each([
    ['Pending', 'Progressing', 'Analysis run is running'],
    ['Running', 'Progressing', 'Analysis run is running'],
    ['Successful', 'Healthy', 'Analysis run completed successfully'],
    ['Failed', 'Degraded', 'Analysis run failed'],
    ['Error', 'Degraded', 'Analysis run had an error'],
    ['Inconclusive', 'Unknown', 'Analysis run was inconclusive'],
  ] as const)('%s is %s', (phase, status, message) => {
    expect(analysisRunHealth(run({ phase }))).toEqual({ status, message });
  });

  it("prefers the run's own message", () => {
    expect(
      analysisRunHealth(
        run({ phase: 'Failed', message: 'Metric "x" assessed Failed' }),
      ),
    ).toEqual({
      status: 'Degraded',
      message: 'Metric "x" assessed Failed',
    });
  });

  it('waits for a run without status', () => {
    expect(analysisRunHealth(run())).toEqual({
      status: 'Progressing',
      message:
        'Waiting for analysis run to finish: status has not been reconciled.',
    });
  });
});

describe('isWorseHealth', () => {
  it('orders health codes as Argo CD aggregates them', () => {
    expect(isWorseHealth('Healthy', 'Suspended')).toBe(true);
    expect(isWorseHealth('Suspended', 'Progressing')).toBe(true);
    expect(isWorseHealth('Progressing', 'Degraded')).toBe(true);
    expect(isWorseHealth('Degraded', 'Progressing')).toBe(false);
    expect(isWorseHealth('Healthy', 'Healthy')).toBe(false);
  });
});

describe('toHealthStatus', () => {
  it('sends the message, and omits an empty one as Argo CD does', () => {
    expect(toHealthStatus({ status: 'Degraded', message: 'aborted' })).toEqual({
      status: 'Degraded',
      message: 'aborted',
    });
    expect(toHealthStatus({ status: 'Healthy', message: '' })).toEqual({
      status: 'Healthy',
    });
  });
});
