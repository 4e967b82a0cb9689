import { ResponseError } from '@backstage/errors';
import { ObservabilityClient } from './ObservabilityClient';

function client(response: Response) {
  const fetch = jest.fn(async (_url: string) => response);
  return {
    fetch,
    client: new ObservabilityClient({
      discoveryApi: {
        getBaseUrl: async (id: string) => `http://portal/api/${id}`,
      },
      fetchApi: { fetch: fetch as any },
    }),
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('ObservabilityClient', () => {
  it('asks the entity route of the backend with the query of the card', async () => {
    const { client: c, fetch } = client(json({ traces: [] }));
    await c.getTraces('component:default/payments-api', {
      window: '15m',
      environment: 'prod',
      limit: 200,
      errorsOnly: true,
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/observability/entities/component/default/payments-api/traces?window=15m&environment=prod&limit=200&errorsOnly=true',
    );
  });

  it('leaves out what is not set', async () => {
    const { client: c, fetch } = client(json({}));
    await c.getSlis('component:default/payments-api', { window: '1h' });
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/observability/entities/component/default/payments-api/slis?window=1h',
    );
  });

  it('adds the window to a panel image path', async () => {
    const { client: c, fetch } = client(new Response('png'));
    await c.getPanelImage(
      'component:default/payments-api',
      'dashboards/panel.png?instance=default&dashboard=d1&panel=1',
      '6h',
    );
    expect(fetch).toHaveBeenCalledWith(
      'http://portal/api/observability/entities/component/default/payments-api/dashboards/panel.png?instance=default&dashboard=d1&panel=1&window=6h',
    );
  });

  it("throws a ResponseError carrying the backend's upstream problem", async () => {
    const { client: c } = client(
      json(
        {
          error: { name: 'UpstreamError', message: 'Grafana timed out' },
          request: { method: 'GET', url: '/x' },
          response: { statusCode: 504 },
          upstream: { system: 'grafana', kind: 'timeout', message: 'x' },
        },
        504,
      ),
    );
    const error = await c
      .getAlerts('component:default/payments-api')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.cause.message).toBe('Grafana timed out');
    expect(error.body.upstream).toMatchObject({
      system: 'grafana',
      kind: 'timeout',
    });
  });
});
