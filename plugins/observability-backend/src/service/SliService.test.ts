import { mockServices } from '@internal/backend-test-stubs';
import {
  PrometheusClient,
  SLI_LABELS,
} from '@internal/plugin-observability-node';
import { SignalCache } from './SignalCache';
import { SliService } from './SliService';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'search-service' },
  spec: {},
};

/**
 * Three revisions served in the hour: `old` until 30 min ago, `stable`
 * throughout (the busiest), and `fresh` (the bad canary) for the last 2 min.
 */
function prometheus(end: number): PrometheusClient {
  const points = (from: number, to: number, value: number) => {
    const values: [number, string][] = [];
    for (let t = end - 3600; t <= end; t += 30) {
      if (t >= from && t <= to) values.push([t, String(value)]);
    }
    return values;
  };
  const revisions = [
    {
      revision: 'old',
      values: (v: number) => points(end - 3600, end - 1800, v),
    },
    {
      revision: 'stable',
      values: (v: number) => points(end - 3600, end, v * 10),
    },
    {
      revision: 'fresh',
      values: (v: number) => points(end - 120, end, v * 50),
    },
  ];
  return {
    async queryRange(expr: string) {
      const byRevision = expr.includes(SLI_LABELS.revision);
      return {
        resultType: 'matrix',
        result: byRevision
          ? revisions.map(r => ({
              metric: { [SLI_LABELS.revision]: r.revision },
              values: r.values(0.01),
            }))
          : [{ metric: {}, values: points(end - 3600, end, 0.02) }],
      };
    },
  } as unknown as PrometheusClient;
}

describe('SliService', () => {
  it('takes the newest canary as the canary, not an older revision that stopped serving', async () => {
    const end = Math.floor(Date.now() / 1000);
    const service = new SliService(
      { prod: prometheus(end) },
      new SignalCache(mockServices.cache(), 1000),
    );
    const { environments } = await service.query(entity, {
      environments: ['prod'],
      start: new Date((end - 3600) * 1000),
      end: new Date(end * 1000),
    });
    const [prod] = environments;
    const canaries = prod.series.errorRatio.filter(s => s.role === 'canary');
    expect(canaries.map(s => s.revision)).toEqual(['fresh', 'old']);
    expect(
      prod.series.errorRatio.find(s => s.role === 'stable')?.revision,
    ).toBe('stable');
    expect(prod.latest.errorRatio.canary).toBeCloseTo(0.5);
  });
});
