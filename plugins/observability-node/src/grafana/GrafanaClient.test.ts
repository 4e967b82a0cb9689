import {
  ObservabilitySandbox,
  startObservabilitySandbox,
} from '../__testUtils__/observabilitySandbox';
import { GrafanaClient, GrafanaClientOptions } from './GrafanaClient';
import { failure } from '../__testUtils__/failure';

const TOKEN = 'sandbox-grafana-token';
const NOON = Date.parse('2026-03-02T12:00:30Z');

describe('GrafanaClient against the Grafana simulator', () => {
  let env: ObservabilitySandbox;
  let clock = NOON;

  beforeAll(async () => {
    env = await startObservabilitySandbox({ now: () => clock });
  });
  afterAll(() => env.close());
  beforeEach(async () => {
    clock = NOON;
    await env.reset();
  });

  const client = (options: Partial<GrafanaClientOptions> = {}) =>
    new GrafanaClient({
      baseUrl: `${env.url}/grafana`,
      token: TOKEN,
      publicUrl: 'https://grafana.example.com/grafana',
      retry: { baseDelayMs: 1 },
      ...options,
    });

  describe('searchDashboards', () => {
    it("finds a service's dashboard by its tag", async () => {
      const hits = await client().searchDashboards({ tags: ['payments-api'] });

      expect(hits).toEqual([
        {
          id: expect.any(Number),
          uid: expect.stringMatching(/^[0-9A-Za-z]{9}$/),
          title: 'payments-api overview',
          uri: 'db/payments-api-overview',
          url: expect.stringMatching(
            /^\/grafana\/d\/[0-9A-Za-z]{9}\/payments-api-overview$/,
          ),
          slug: '',
          type: 'dash-db',
          tags: ['payments-api', 'service:payments-api', 'system:payments'],
          isStarred: false,
          folderId: expect.any(Number),
          folderUid: expect.any(String),
          folderTitle: 'Payments',
          folderUrl: expect.stringMatching(/^\/grafana\/dashboards\/f\//),
          sortMeta: 0,
        },
      ]);
    });

    it('needs every tag given, and finds by title', async () => {
      const grafana = client();

      expect(
        await grafana.searchDashboards({
          tags: ['service:cart-service', 'system:storefront'],
        }),
      ).toHaveLength(1);
      expect(
        await grafana.searchDashboards({
          tags: ['service:cart-service', 'system:payments'],
        }),
      ).toEqual([]);
      const bySystem = await grafana.searchDashboards({
        tags: ['system:payments'],
      });
      expect(bySystem.map(h => h.title)).toEqual([
        'fraud-detector overview',
        'ledger-service overview',
        'payments-api overview',
      ]);
      const byTitle = await grafana.searchDashboards({ query: 'LEDGER' });
      expect(byTitle.map(h => h.title)).toEqual(['ledger-service overview']);
    });

    it('pages with limit and page, and never returns folders', async () => {
      const grafana = client();

      const all = await grafana.searchDashboards({});
      const second = await grafana.searchDashboards({ limit: 3, page: 2 });

      expect(all).toHaveLength(7);
      expect(all.every(h => h.type === 'dash-db')).toBe(true);
      expect(second).toEqual(all.slice(3, 6));
    });

    it('gives browser links under the public URL', async () => {
      const grafana = client();
      const [hit] = await grafana.searchDashboards({ tags: ['cart-service'] });

      expect(grafana.dashboardUrl(hit.url)).toBe(
        `https://grafana.example.com${hit.url}`,
      );
    });

    it('maps a limit Grafana refuses to bad-request with its message', async () => {
      const error = await failure(client().searchDashboards({ limit: 6000 }));

      expect(error).toMatchObject({ kind: 'bad-request', status: 422 });
      expect(error.message).toContain('Limit is above maximum allowed (5000)');
    });
  });

  describe('getDashboard', () => {
    it('returns the panels with the PromQL of the SLIs', async () => {
      const grafana = client();
      const [hit] = await grafana.searchDashboards({ tags: ['payments-api'] });

      const { dashboard, meta } = await grafana.getDashboard(hit.uid);

      expect(dashboard.uid).toBe(hit.uid);
      expect(meta).toMatchObject({
        slug: 'payments-api-overview',
        folderTitle: 'Payments',
        url: hit.url,
      });
      expect(dashboard.panels.map(p => p.title)).toEqual([
        'Request rate',
        'Error ratio',
        'Latency',
        'Error ratio by revision',
      ]);
      expect(dashboard.panels[0].targets?.[0].expr).toBe(
        'sum(rate(http_server_request_duration_seconds_count{service="payments-api",environment="$environment"}[5m]))',
      );
      expect(dashboard.templating?.list.map(v => v.name)).toEqual([
        'environment',
      ]);
    });

    it('maps an unknown uid to not-found with Grafana message', async () => {
      const error = await failure(client().getDashboard('nope'));

      expect(error).toMatchObject({
        kind: 'not-found',
        status: 404,
        upstreamMessage: 'Dashboard not found',
      });
    });
  });

  describe('listAlertRules', () => {
    const paymentsProd = { service: 'payments-api', environment: 'prod' };

    it("lists a service's rules in one environment, inactive while healthy", async () => {
      const rules = await client().listAlertRules({ labels: paymentsProd });

      expect(rules.map(r => [r.name, r.state])).toEqual([
        ['payments-api error rate (prod)', 'inactive'],
        ['payments-api p99 latency (prod)', 'inactive'],
      ]);
      expect(rules[0]).toMatchObject({
        folder: 'Payments',
        group: 'payments-api-slo',
        health: 'ok',
        labels: { ...paymentsProd, severity: 'critical' },
        forSeconds: 300,
        lastEvaluation: '2026-03-02T12:00:00.000Z',
        activeAt: undefined,
        uid: expect.any(String),
      });
      expect(rules[0].alerts).toEqual([
        expect.objectContaining({ state: 'Normal', value: '' }),
      ]);
    });

    it('filters on every label given', async () => {
      const grafana = client();

      const allPayments = await grafana.listAlertRules({
        labels: { service: 'payments-api' },
      });
      const critical = await grafana.listAlertRules({
        labels: { severity: 'critical' },
      });

      expect(allPayments).toHaveLength(6);
      expect(new Set(allPayments.map(r => r.labels.environment))).toEqual(
        new Set(['dev', 'staging', 'prod']),
      );
      expect(critical).toHaveLength(14);
      expect(critical.every(r => r.labels.environment === 'prod')).toBe(true);
    });

    it('shows a bad revision taking the error-rate rule to pending, then firing', async () => {
      env.sandbox.world.markRevisionBad(
        'payments-api',
        'prod',
        'c4n4ry5h4',
        new Date('2026-03-02T11:58:10Z'),
      );
      const grafana = client();

      // Evaluations at 11:59 and 12:00 saw the errors: pending since 11:59.
      const [pending] = await grafana.listAlertRules({ labels: paymentsProd });
      expect(pending).toMatchObject({
        state: 'pending',
        activeAt: '2026-03-02T11:59:00.000Z',
      });
      expect(Number(pending.alerts[0].value)).toBeGreaterThan(0.05);

      // After 5 minutes of pending, the 12:04 evaluation fires it.
      clock = Date.parse('2026-03-02T12:04:05Z');
      const [firing, latency] = await grafana.listAlertRules({
        labels: paymentsProd,
      });
      expect(firing).toMatchObject({
        state: 'firing',
        activeAt: '2026-03-02T12:04:00.000Z',
      });
      expect(firing.alerts[0].state).toBe('Alerting');
      expect(latency.state).toBe('inactive');

      // Only that service and environment are affected.
      const others = await grafana.listAlertRules({
        labels: { service: 'payments-api', environment: 'staging' },
      });
      expect(others.map(r => r.state)).toEqual(['inactive', 'inactive']);
    });

    it('links a rule to its page under the public URL', () => {
      expect(client().alertRuleUrl('aBc')).toBe(
        'https://grafana.example.com/grafana/alerting/grafana/aBc/view',
      );
    });
  });

  describe('panels', () => {
    const panel = {
      dashboardUid: '',
      slug: 'payments-api-overview',
      panelId: 2,
      from: new Date('2026-03-02T06:00:00Z'),
      to: 'now',
      variables: { environment: 'prod' },
      theme: 'light' as const,
    };

    beforeAll(async () => {
      const [hit] = await client().searchDashboards({ tags: ['payments-api'] });
      panel.dashboardUid = hit.uid;
    });

    it('builds the iframe URL of a panel, which loads without the token', async () => {
      const url = client({ publicUrl: `${env.url}/grafana` }).panelEmbedUrl(
        panel,
      );

      expect(url).toBe(
        `${env.url}/grafana/d-solo/${panel.dashboardUid}/payments-api-overview?orgId=1&panelId=2&from=1772431200000&to=now&var-environment=prod&theme=light`,
      );
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('>Error ratio</h3>');
    });

    it('renders a panel to PNG with the token', async () => {
      const grafana = client();

      expect(grafana.panelImageUrl({ ...panel, width: 300 })).toBe(
        `${env.url}/grafana/render/d-solo/${panel.dashboardUid}/payments-api-overview?orgId=1&panelId=2&from=1772431200000&to=now&var-environment=prod&theme=light&width=300&height=500`,
      );
      const image = await grafana.renderPanel({
        ...panel,
        width: 300,
        height: 100,
      });
      expect(image.contentType).toBe('image/png');
      expect(Buffer.from(image.body.subarray(0, 8)).toString('hex')).toBe(
        '89504e470d0a1a0a',
      );
      // IHDR: width and height.
      expect(Buffer.from(image.body).readUInt32BE(16)).toBe(300);
      expect(Buffer.from(image.body).readUInt32BE(20)).toBe(100);
    });
  });

  describe('failures', () => {
    it('maps a wrong token to unauthorized without retrying', async () => {
      const error = await failure(
        client({ token: 'wrong' }).searchDashboards({ tags: ['x'] }),
      );

      expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
      expect(error.message).toContain('check the configured token');
      expect(await env.calls('grafana')).toEqual({ 'GET /api/search': 1 });
    });

    it('retries a 503 and succeeds when Grafana recovers', async () => {
      await env.fault('grafana', { status: 503, times: 2 });

      const hits = await client().searchDashboards({ tags: ['payments-api'] });

      expect(hits).toHaveLength(1);
      expect(await env.calls('grafana')).toEqual({ 'GET /api/search': 3 });
    });

    it('gives up on a Grafana that keeps failing', async () => {
      await env.fault('grafana', { status: 500 });

      const error = await failure(client().listAlertRules());

      expect(error).toMatchObject({
        kind: 'server-error',
        status: 500,
        attempts: 3,
      });
    });

    it('times out a slow Grafana', async () => {
      await env.fault('grafana', { latencyMs: 400 });

      const error = await failure(
        client({ timeoutMs: 100 }).getDashboard('any'),
      );

      expect(error.kind).toBe('timeout');
      expect(error.message).toBe(
        'Grafana GET /api/dashboards/uid/any timed out after 100 ms',
      );
    });
  });
});
