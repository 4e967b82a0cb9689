import fs from 'node:fs';
import path from 'node:path';
import { targetPaths } from '@backstage/cli-common';
import { Sandbox, startSandbox } from '../../server';
import { grafanaSimulator } from '.';
import { shapeDifferences } from './sameShape';

/** specs/ sits beside the repository (CI checks it out next to the clone). */
const examples = JSON.parse(
  fs.readFileSync(
    path.resolve(
      targetPaths.rootDir,
      '..',
      'shared',
      'specs',
      'examples',
      'grafana-examples.json',
    ),
    'utf8',
  ),
);

const TOKEN = 'sandbox-grafana-token';

describe('Grafana simulator, compared with the Grafana examples', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, simulators: [grafanaSimulator()] });
  });
  afterAll(() => sandbox.close());

  async function get(pathAndQuery: string, token: string | null = TOKEN) {
    const res = await fetch(`${sandbox.url}/grafana${pathAndQuery}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: await res.json() };
  }

  it('answers a dashboard search like Grafana, including the Backstage plugin page=0 quirk', async () => {
    const example =
      examples['GET /api/search?type=dash-db&limit=1000&page=0&tag=payments']
        .response_200;

    const { status, body } = await get(
      '/api/search?type=dash-db&limit=1000&page=0&tag=payments-api',
    );

    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(shapeDifferences(example, body)).toEqual([]);
  });

  it('answers a dashboard by uid like Grafana, and its 404 exactly', async () => {
    const example = examples['GET /api/dashboards/uid/{uid}'];
    const [hit] = (await get('/api/search?tag=payments-api')).body;

    const { status, body } = await get(`/api/dashboards/uid/${hit.uid}`);
    const missing = await get('/api/dashboards/uid/does-not-exist');

    expect(status).toBe(200);
    expect(
      shapeDifferences(example.response_200, body, {
        extras: {
          dashboard: {
            templating: 'the environment variable the embed URL sets',
            time: 'the default time range of the dashboard',
          },
        },
      }),
    ).toEqual([]);
    expect(missing).toEqual({ status: 404, body: example['404'] });
  });

  it('answers the Prometheus-compatible rules API like Grafana, firing rules included', async () => {
    const example = examples['GET /api/prometheus/grafana/api/v1/rules'];
    sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'b4dc4n4ry',
      new Date(Date.now() - 3_600_000),
    );

    const { status, body } = await get('/api/prometheus/grafana/api/v1/rules');

    expect(status).toBe(200);
    const states = body.data.groups.flatMap((g: any) =>
      g.rules.map((r: any) => r.state),
    );
    expect(states).toContain('firing');
    expect(states).toContain('inactive');
    const rule = 'data.groups[].rules[]';
    expect(
      shapeDifferences(example.response_200, body, {
        maps: [
          'data.totals',
          'data.groups[].totals',
          `${rule}.labels`,
          `${rule}.annotations`,
          `${rule}.alerts[].labels`,
          `${rule}.alerts[].annotations`,
        ],
        extras: {
          [rule]: {
            uid: 'Grafana 11+: the rule page is /alerting/grafana/<uid>/view',
            folderUid: 'Grafana 11+',
            totals: 'instances per state (prom.go AlertingRule.Totals)',
            activeAt: 'set on firing rules (api_prometheus.go toRuleGroup)',
          },
        },
      }),
    ).toEqual([]);
  });

  it('refuses a missing or wrong token with the 401 body of the examples', async () => {
    expect(await get('/api/search', null)).toEqual({
      status: 401,
      body: examples.errors['401'],
    });
    expect(await get('/api/prometheus/grafana/api/v1/rules', 'wrong')).toEqual({
      status: 401,
      body: examples.errors['401'],
    });
  });

  it("refuses a search limit above 5000 with Grafana's message", async () => {
    const { status, body } = await get('/api/search?limit=5001');

    expect(status).toBe(422);
    expect(body).toEqual({
      message:
        'Limit is above maximum allowed (5000), use page parameter to access hits beyond limit',
    });
  });
});
