import { AnalysisRun, Rollout } from '@internal/plugin-deployments-node';
import { abortExplanation } from './abortExplanation';

const rollout = (abort: boolean, message?: string): Rollout => ({
  metadata: { name: 'payments-api' },
  spec: { strategy: { canary: { steps: [] } } } as any,
  status: { abort, message } as any,
});

const failedRun: AnalysisRun = {
  metadata: {
    name: 'payments-api-7c9f-2',
    creationTimestamp: '2026-12-03T00:10:00Z',
  },
  spec: {
    metrics: [
      {
        name: 'success-rate',
        successCondition: 'result[0] >= 0.95',
        failureLimit: 1,
        provider: { prometheus: { query: 'x' } },
      },
    ],
  },
  status: {
    phase: 'Failed',
    metricResults: [
      {
        name: 'success-rate',
        phase: 'Failed',
        measurements: [
          {
            phase: 'Failed',
            value: '[0.61]',
            finishedAt: '2026-12-03T00:11:00Z',
          },
          {
            phase: 'Failed',
            value: '[0.58]',
            finishedAt: '2026-12-03T00:12:00Z',
          },
        ],
      },
    ],
  },
};

const images = {
  stableImage: 'registry.example.com/payments-api:1.3.0',
  canaryImage: 'registry.example.com/payments-api:1.4.0',
  canaryPodHash: '7c9f',
};

describe('abortExplanation', () => {
  it('says which metric failed, what it measured against its condition and limit, and when', () => {
    const explanation = abortExplanation(rollout(true), [failedRun], images);
    expect(explanation).toEqual({
      stableImage: images.stableImage,
      canaryImage: images.canaryImage,
      canaryRevision: '7c9f',
      summary:
        'The canary of registry.example.com/payments-api:1.4.0 was aborted automatically at 2026-12-03T00:12:00Z: the analysis metric "success-rate" of payments-api-7c9f-2 failed, measuring [0.61], [0.58] against the success condition `result[0] >= 0.95`; 2 failed measurement(s), more than the failure limit of 1. Traffic went back to registry.example.com/payments-api:1.3.0 by itself.',
      analysisRun: 'payments-api-7c9f-2',
      metric: 'success-rate',
      successCondition: 'result[0] >= 0.95',
      failureLimit: 1,
      values: ['[0.61]', '[0.58]'],
      failedMeasurements: 2,
      at: '2026-12-03T00:12:00Z',
      automatic: true,
    });
  });

  it('tells an abort by hand from an automatic one, and says nothing when not aborted', () => {
    expect(
      abortExplanation(rollout(true, 'Rollout aborted'), [], images),
    ).toMatchObject({
      automatic: false,
      summary: expect.stringMatching(/aborted by hand/),
    });
    expect(
      abortExplanation(rollout(false), [failedRun], images),
    ).toBeUndefined();
  });
});
