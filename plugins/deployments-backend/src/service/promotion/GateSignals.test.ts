import { Entity } from '@backstage/catalog-model';
import { GateSignals } from './GateSignals';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    annotations: { 'observability.acme.example/service': 'payments' },
  },
};

describe('GateSignals', () => {
  it("asks the source environment's own Prometheus, else the default, with the entity's service label", async () => {
    const asked: string[] = [];
    const fetchStub = (async (input: string | URL) => {
      const url = new URL(String(input));
      asked.push(`${url.host} ${url.searchParams.get('query')}`);
      return new Response(
        JSON.stringify({
          status: 'success',
          data: {
            resultType: 'vector',
            result: [{ metric: {}, value: [0, 'NaN'] }],
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      );
    }) as typeof fetch;
    const signals = new GateSignals(
      {
        slo: 0.995,
        burnRateThreshold: 14.4,
        prometheus: {
          baseUrl: 'http://prometheus.shared',
          environments: { prod: { baseUrl: 'http://prometheus.prod' } },
        },
      },
      { fetch: fetchStub },
    );
    // 0/0 (no traffic) is no error ratio, not an error.
    expect(await signals.errorRatios(entity, 'prod')).toEqual([
      { window: '1h', ok: true, errorRatio: undefined },
      { window: '5m', ok: true, errorRatio: undefined },
    ]);
    await signals.errorRatios(entity, 'staging');
    expect(asked.map(a => a.split(' ')[0])).toEqual([
      'prometheus.prod',
      'prometheus.prod',
      'prometheus.shared',
      'prometheus.shared',
    ]);
    expect(asked[0]).toContain('service="payments",environment="prod"');
    expect(asked[0]).toContain('[1h]');
    expect(asked[1]).toContain('[5m]');
  });

  it('says why a gate cannot be evaluated when nothing is configured', async () => {
    const signals = new GateSignals({
      slo: 0.995,
      burnRateThreshold: 14.4,
      prometheus: { environments: {} },
    });
    expect(await signals.errorRatios(entity, 'dev')).toEqual([
      expect.objectContaining({
        ok: false,
        error: expect.stringMatching(/no Prometheus configured for dev/),
      }),
      expect.objectContaining({ ok: false }),
    ]);
    expect(await signals.firingAlerts(entity, 'dev')).toEqual({
      ok: false,
      error: expect.stringMatching(
        /no grafana\/alert-label-selector annotation/,
      ),
    });
  });
});
