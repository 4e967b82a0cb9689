import { startTestApp, TestApp, OUTSIDER } from './__testUtils__/testApp';

const NOON = Date.parse('2026-03-02T12:00:00Z');
const PAYMENTS = '/entities/component/default/payments-api';

describe('observability router against the simulators', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ now: NOON, timeoutMs: 3000 });
  });
  afterAll(() => app.close());
  beforeEach(() => app.reset());

  describe('dashboards', () => {
    it('lists the dashboards of the selector with deep links and panels', async () => {
      const { status, body } = await app.get(`${PAYMENTS}/dashboards`);
      expect(status).toBe(200);
      expect(body.selector).toBe("tags @> 'payments-api'");
      expect(body.errors).toEqual([]);
      expect(body.dashboards.length).toBeGreaterThan(0);
      const [dashboard] = body.dashboards;
      expect(dashboard).toMatchObject({
        instance: 'default',
        tags: expect.arrayContaining(['payments-api']),
      });
      expect(dashboard.url).toMatch(
        new RegExp(`^${app.sandbox.url}/grafana/d/${dashboard.uid}/`),
      );
      expect(dashboard.panels.length).toBeGreaterThan(0);
      expect(dashboard.panels[0].embedUrl).toContain('/grafana/d-solo/');
      expect(dashboard.panels[0].imagePath).toMatch(
        /^dashboards\/panel\.png\?instance=default&dashboard=/,
      );
    });

    it('renders a panel of the entity through the backend, and no other', async () => {
      const { body } = await app.get(`${PAYMENTS}/dashboards`);
      const panel = body.dashboards[0].panels[0];
      const png = await app.get(`${PAYMENTS}/${panel.imagePath}&window=6h`);
      expect(png.status).toBe(200);
      expect(png.contentType).toBe('image/png');
      expect(png.text.slice(1, 4)).toBe('PNG');

      // Another service's dashboard cannot be rendered through this entity.
      const cart = await app.get(
        '/entities/component/default/cart-service/dashboards',
      );
      const foreign = cart.body.dashboards[0];
      const refused = await app.get(
        `${PAYMENTS}/dashboards/panel.png?instance=default&dashboard=${foreign.uid}&panel=1`,
      );
      expect(refused.status).toBe(404);
    });

    it('answers 404 for a panel id the dashboard does not have, without the upstream path', async () => {
      const { body } = await app.get(`${PAYMENTS}/dashboards`);
      const dashboard = body.dashboards[0];
      const unknown = await app.get(
        `${PAYMENTS}/dashboards/panel.png?instance=default&dashboard=${dashboard.uid}&panel=987654`,
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({
        name: 'NotFoundError',
        message: `No panel 987654 in dashboard ${dashboard.uid} of component:default/payments-api`,
      });
      expect(JSON.stringify(unknown.body)).not.toMatch(
        /render|d-solo|upstream/i,
      );
    });

    it('turns a Grafana outage into a card error, and a slow Grafana into 504', async () => {
      await app.fault('grafana', { status: 500 });
      const down = await app.get(`${PAYMENTS}/dashboards`);
      expect(down.status).toBe(502);
      expect(down.body.upstream).toMatchObject({
        system: 'grafana',
        kind: 'server-error',
      });
      expect(down.body.error.message).toMatch(
        /^Grafana GET \/api\/search failed with HTTP 500/,
      );

      await app.fault('grafana', { latencyMs: 3500 });
      const slow = await app.get(`${PAYMENTS}/alerts`);
      expect(slow.status).toBe(504);
      expect(slow.body.upstream).toMatchObject({
        system: 'grafana',
        kind: 'timeout',
      });
    });
  });

  describe('alerts', () => {
    it('lists the rules of the label selector, firing ones first with since when', async () => {
      app.sandbox.world.markRevisionBad(
        'payments-api',
        'prod',
        'c4n4ry',
        new Date(NOON - 20 * 60_000),
      );
      const { status, body } = await app.get(`${PAYMENTS}/alerts`);
      expect(status).toBe(200);
      expect(body.selector).toBe('service=payments-api');
      expect(
        body.alerts.every((a: any) => a.labels.service === 'payments-api'),
      ).toBe(true);
      const [first] = body.alerts;
      expect(first).toMatchObject({
        name: 'payments-api error rate (prod)',
        state: 'firing',
        labels: { environment: 'prod' },
      });
      expect(Date.parse(first.since)).toBeLessThan(NOON);
      expect(Number(first.value)).toBeGreaterThan(0.05);
      expect(first.url).toContain(`/alerting/grafana/${first.uid}/view`);
      expect(
        body.alerts.slice(1).every((a: any) => a.state === 'inactive'),
      ).toBe(true);
    });
  });

  describe('traces', () => {
    it('lists recent traces of an environment with Jaeger and log links', async () => {
      const { status, body } = await app.get(
        `${PAYMENTS}/traces?environment=prod&window=15m&limit=20`,
      );
      expect(status).toBe(200);
      expect(body.traces).toHaveLength(20);
      expect(body.searchUrl).toBe(
        'https://jaeger.example.com/search?service=payments-api&lookback=15m',
      );
      const [trace] = body.traces;
      expect(trace.traceUrl).toBe(
        `https://jaeger.example.com/trace/${trace.traceId}`,
      );
      expect(trace.logsUrl).toContain(
        encodeURIComponent(`trace.id:"${trace.traceId}"`),
      );
      expect(trace.rootService).toBe('payments-api');
      expect(trace.spanCount).toBeGreaterThan(0);
      const times = body.traces.map((t: any) => t.startTime);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it('filters errors only, which a bad revision has plenty of', async () => {
      app.sandbox.world.markRevisionBad(
        'payments-api',
        'prod',
        'c4n4ry',
        new Date(NOON - 30 * 60_000),
      );
      const { body } = await app.get(
        `${PAYMENTS}/traces?environment=prod&window=15m&limit=10&errorsOnly=true`,
      );
      expect(body.errorsOnly).toBe(true);
      expect(body.traces.length).toBeGreaterThan(3);
      expect(
        body.traces.every((t: any) => t.error && t.errorSpanCount > 0),
      ).toBe(true);
    });

    it('finds the rare failed traces of a healthy service in a long window', async () => {
      const { body } = await app.get(
        `${PAYMENTS}/traces?environment=prod&window=6h&limit=5&errorsOnly=true`,
      );
      // Jaeger is asked for error=true over the window, not the newest 5.
      expect(body.traces).toHaveLength(5);
      expect(body.traces.every((t: any) => t.error)).toBe(true);
    });

    it('reads one trace of the service, and refuses a trace id of another service', async () => {
      const { body } = await app.get(
        `${PAYMENTS}/traces?environment=prod&window=15m&limit=1`,
      );
      const id = body.traces[0].traceId;
      const detail = await app.get(`${PAYMENTS}/traces/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.trace.traceId).toBe(id);
      expect(detail.body.spans.length).toBe(detail.body.trace.spanCount);
      expect(detail.body.spans[0].parentSpanId).toBeUndefined();

      const cart = await app.get(
        '/entities/component/default/cart-service/traces?environment=prod&window=15m&limit=1',
      );
      const foreign = await app.get(
        `${PAYMENTS}/traces/${cart.body.traces[0].traceId}`,
      );
      expect(foreign.status).toBe(404);
    });

    it('answers 404 for a trace id Jaeger does not know, without the upstream path', async () => {
      const unknown = await app.get(
        `${PAYMENTS}/traces/0123456789abcdef0123456789abcdef`,
      );
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toEqual({
        name: 'NotFoundError',
        message: expect.stringMatching(
          /^No trace 0123456789abcdef0123456789abcdef of /,
        ),
      });
      expect(JSON.stringify(unknown.body)).not.toMatch(/api\/v3|upstream/i);
    });

    it('degrades on a Jaeger outage', async () => {
      await app.fault('jaeger', { status: 503 });
      const { status, body } = await app.get(`${PAYMENTS}/traces?window=15m`);
      expect(status).toBe(502);
      expect(body.upstream).toMatchObject({
        system: 'jaeger',
        kind: 'server-error',
      });
    });
  });

  describe('SLIs', () => {
    it('answers request rate, error ratio and latency per environment', async () => {
      const { status, body } = await app.get(`${PAYMENTS}/slis?window=1h`);
      expect(status).toBe(200);
      expect(body.environments.map((e: any) => e.environment)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      expect(body.stepSeconds).toBe(30);
      const prod = body.environments[2];
      expect(prod.error).toBeUndefined();
      const [total] = prod.series.errorRatio;
      expect(total.role).toBe('total');
      expect(total.points).toHaveLength(121);
      expect(prod.latest.errorRatio.total).toBeLessThan(0.02);
      expect(prod.latest.latencyP99.total).toBeGreaterThan(
        prod.latest.latencyP95.total,
      );
      expect(prod.series.requestRate.map((s: any) => s.role)).toEqual([
        'total',
        'stable',
      ]);
    });

    it('shows a bad canary beside its stable revision, its error ratio rising from its start', async () => {
      const since = NOON - 20 * 60_000;
      app.sandbox.world.markRevisionBad(
        'payments-api',
        'prod',
        'c4n4ry',
        new Date(since),
      );
      const { body } = await app.get(
        `${PAYMENTS}/slis?window=1h&environment=prod`,
      );
      const [prod] = body.environments;
      const canary = prod.series.errorRatio.find(
        (s: any) => s.role === 'canary',
      );
      const stable = prod.series.errorRatio.find(
        (s: any) => s.role === 'stable',
      );
      expect(canary.revision).toBe('c4n4ry');
      expect(canary.points[0][0]).toBeGreaterThanOrEqual(since);
      expect(prod.latest.errorRatio.canary).toBeGreaterThan(0.3);
      expect(prod.latest.errorRatio.stable).toBeLessThan(0.02);
      expect(prod.latest.errorRatio.total).toBeGreaterThan(0.05);
      expect(stable.points.length).toBeGreaterThan(canary.points.length);

      // Named revisions (what the Deployments tab knows) set the roles.
      const named = await app.get(
        `${PAYMENTS}/slis?window=1h&environment=prod&stable=${stable.revision}&canary=c4n4ry`,
      );
      expect(
        named.body.environments[0].series.latencyP99.map((s: any) => [
          s.role,
          s.revision,
        ]),
      ).toEqual([
        ['total', undefined],
        ['stable', stable.revision],
        ['canary', 'c4n4ry'],
      ]);
    });

    it('degrades each environment on its own', async () => {
      await app.fault('prometheus', { status: 500 });
      const { status, body } = await app.get(`${PAYMENTS}/slis?window=1h`);
      expect(status).toBe(200);
      for (const env of body.environments) {
        expect(env.error).toMatchObject({
          system: 'prometheus',
          source: env.environment,
          kind: 'server-error',
        });
        expect(env.series.errorRatio).toEqual([]);
      }
    });
  });

  describe('logs', () => {
    it('links each environment to Discover with service, environment and window', async () => {
      const { body } = await app.get(`${PAYMENTS}/logs?window=1h`);
      expect(body.links.map((l: any) => l.environment)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      const prod = body.links[2].url;
      expect(prod).toContain(
        "from:'2026-03-02T11:00:00.000Z',to:'2026-03-02T12:00:00.000Z'",
      );
      expect(decodeURIComponent(prod)).toContain(
        'service.name:"payments-api" and deployment.environment.name:"prod"',
      );
    });
  });

  describe('input validation', () => {
    it.each([
      [`${PAYMENTS}/traces?window=2h`, /^window: /],
      [
        `${PAYMENTS}/traces?environment=qa`,
        /environment: must be one of dev, staging, prod/,
      ],
      [`${PAYMENTS}/traces?limit=0`, /^limit: /],
      [
        `${PAYMENTS}/traces?errorsOnly=yes`,
        /errorsOnly: must be true or false/,
      ],
      [
        `${PAYMENTS}/traces?start=2026-03-02T10:00:00Z`,
        /start and end go together/,
      ],
      [
        `${PAYMENTS}/slis?start=2026-03-02T10:00:00Z&end=2026-03-01T10:00:00Z`,
        /end must be after start/,
      ],
      [`${PAYMENTS}/slis?canary=abc`, /canary needs stable/],
      [
        `${PAYMENTS}/traces/not-a-trace`,
        /traceId: must be 16 or 32 hex digits/,
      ],
      [
        `${PAYMENTS}/dashboards/panel.png?instance=default&dashboard=x&panel=-1`,
        /^panel: /,
      ],
    ])('%s is a 400 with a message', async (path, message) => {
      const { status, body } = await app.get(path);
      expect(status).toBe(400);
      expect(body.error.name).toBe('InputError');
      expect(body.error.message).toMatch(message);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
    });
  });

  describe("permission: the entity is read with the caller's credentials", () => {
    it.each([
      'dashboards',
      'alerts',
      'traces',
      'slis',
      'logs',
      'traces/0123456789abcdef0123456789abcdef',
    ])(
      '%s is 404 for a user who cannot read the entity, and asks nobody upstream',
      async endpoint => {
        const { status, body } = await app.get(
          `${PAYMENTS}/${endpoint}`,
          OUTSIDER,
        );
        expect(status).toBe(404);
        expect(body.error.name).toBe('NotFoundError');
        const last = app.catalog.calls[app.catalog.calls.length - 1];
        expect(last.ref).toBe('component:default/payments-api');
        expect((last.credentials.principal as any).userEntityRef).toBe(
          OUTSIDER,
        );
        const calls = await app.calls();
        expect(Object.values(calls).flatMap(c => Object.keys(c))).toEqual([]);
      },
    );

    it('is 404 for an entity that does not exist', async () => {
      const { status } = await app.get(
        '/entities/component/default/ghost/alerts',
      );
      expect(status).toBe(404);
    });
  });
});
