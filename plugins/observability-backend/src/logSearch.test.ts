import { startTestApp, TestApp, OUTSIDER } from './__testUtils__/testApp';

const NOON = Date.parse('2026-03-02T12:00:00Z');
const PAYMENTS = '/entities/component/default/payments-api';
const search = (query: string) => `${PAYMENTS}/logs/search?${query}`;

describe('log search against the Elasticsearch simulator', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ now: NOON, timeoutMs: 3000 });
  });
  afterAll(() => app.close());
  beforeEach(() => app.reset());

  it("lists the entity's lines in one environment, newest first, with all their fields", async () => {
    const { status, body } = await app.get(
      search('environment=prod&window=15m'),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      service: 'payments-api',
      environment: 'prod',
      start: new Date(NOON - 15 * 60_000).toISOString(),
      end: new Date(NOON).toISOString(),
      partial: false,
    });
    expect(body.lines).toHaveLength(100);
    const times = body.lines.map((l: any) => l.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
    const [line] = body.lines;
    expect(line.id).toMatch(/^logs-prod-2026\.03\.02\//);
    expect(line.fields).toMatchObject({
      'service.name': 'payments-api',
      'kubernetes.namespace': 'payments-api-prod',
      'kubernetes.pod.name': line.pod,
    });
    expect(
      body.lines.every((l: any) => l.fields['service.name'] === 'payments-api'),
    ).toBe(true);
    expect(body.nextCursor).toEqual(expect.any(String));
  });

  it('filters by environment: the index pattern of that environment only', async () => {
    const { body } = await app.get(
      search('environment=dev&window=1h&limit=20'),
    );
    expect(body.lines.length).toBeGreaterThan(0);
    expect(body.lines.every((l: any) => l.id.startsWith('logs-dev-'))).toBe(
      true,
    );
    expect(
      body.lines.every((l: any) => l.fields['service.environment'] === 'dev'),
    ).toBe(true);
  });

  it('filters by time window and by start and end', async () => {
    const start = new Date(NOON - 3 * 3600_000).toISOString();
    const end = new Date(NOON - 2 * 3600_000).toISOString();
    const { body } = await app.get(
      search(`environment=prod&start=${start}&end=${end}&limit=500`),
    );
    expect(body.lines.length).toBeGreaterThan(0);
    expect(
      body.lines.every((l: any) => l.timestamp >= start && l.timestamp <= end),
    ).toBe(true);
  });

  it('filters by level', async () => {
    app.sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'b4db4d',
      new Date(NOON - 3600_000),
    );
    const { body } = await app.get(
      search('environment=prod&window=15m&levels=error,warn&limit=200'),
    );
    expect(body.lines.length).toBeGreaterThan(5);
    expect(
      body.lines.every((l: any) => ['error', 'warn'].includes(l.level)),
    ).toBe(true);
    expect(body.lines.some((l: any) => l.level === 'error')).toBe(true);
  });

  it('searches free text as a simple_query_string', async () => {
    app.sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'b4db4d',
      new Date(NOON - 3600_000),
    );
    const { body } = await app.get(
      search(
        `environment=prod&window=1h&q=${encodeURIComponent(
          '"statement timeout"',
        )}`,
      ),
    );
    expect(body.lines.length).toBeGreaterThan(0);
    expect(
      body.lines.every((l: any) => l.message.includes('statement timeout')),
    ).toBe(true);
    const none = await app.get(
      search(
        'environment=prod&window=1h&q=-GET%20-POST%20-connection%20-failed',
      ),
    );
    expect(none.body.lines).toEqual([]);
  });

  it('finds the lines of one trace, with a Kibana link carrying the same query', async () => {
    app.sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'b4db4d',
      new Date(NOON - 3600_000),
    );
    const traces = await app.get(
      `${PAYMENTS}/traces?environment=prod&window=15m&errorsOnly=true&limit=1`,
    );
    const [trace] = traces.body.traces;
    expect(trace.environment).toBe('prod');
    const { body } = await app.get(
      search(`environment=prod&window=1h&traceId=${trace.traceId}`),
    );
    expect(body.lines.length).toBeGreaterThan(0);
    expect(body.lines.every((l: any) => l.traceId === trace.traceId)).toBe(
      true,
    );
    expect(body.lines.map((l: any) => l.level)).toContain('error');
    expect(body.kibanaUrl).toMatch(
      /^https:\/\/kibana\.example\.com\/app\/discover#\/\?_g=/,
    );
    const state = decodeURIComponent(body.kibanaUrl);
    expect(state).toContain(`'trace.id':'${trace.traceId}'`);
    expect(state).toContain("'service.name':'payments-api'");
    expect(state).toContain(
      "dataViewId:'logs-prod'".replace('dataViewId', "'dataViewId'"),
    );
  });

  it('pages with the cursor, older lines after newer ones, without repeats', async () => {
    const first = await app.get(search('environment=prod&window=15m&limit=40'));
    const second = await app.get(
      search(
        `environment=prod&window=15m&limit=40&cursor=${first.body.nextCursor}`,
      ),
    );
    const both = await app.get(search('environment=prod&window=15m&limit=80'));
    expect(
      [...first.body.lines, ...second.body.lines].map((l: any) => l.id),
    ).toEqual(both.body.lines.map((l: any) => l.id));
  });

  it('keeps the query to the entity whatever the text says (injection attempts)', async () => {
    const attempts = [
      'service.name:cart-service',
      '* | cart-service',
      '"}},{"match_all":{}}],"should":[{"match_all":{}}]}}',
      '{"query":{"match_all":{}}}',
      ') OR (service.name:*',
      '*',
    ];
    for (const q of attempts) {
      const { status, body } = await app.get(
        search(
          `environment=prod&window=15m&limit=50&q=${encodeURIComponent(q)}`,
        ),
      );
      expect({ q, status }).toEqual({ q, status: 200 });
      expect(
        body.lines.every(
          (l: any) => l.fields['service.name'] === 'payments-api',
        ),
      ).toBe(true);
    }
  });

  it('refuses what is not a log search with a 400 that says why', async () => {
    const bad: Array<[string, RegExp]> = [
      ['window=15m', /environment/],
      [
        'environment=qa&window=15m',
        /environment: must be one of dev, staging, prod/,
      ],
      ['environment=prod&levels=error,loud', /levels/],
      ['environment=prod&traceId=xyz', /traceId: must be 16 or 32 hex digits/],
      [
        'environment=prod&cursor=bm90LWEtY3Vyc29y',
        /cursor: not a cursor of this search/,
      ],
      ['environment=prod&limit=5000', /limit/],
      [
        `environment=prod&q=${'a'.repeat(501)}`,
        /q: must be at most 500 characters/,
      ],
      ['environment=prod&q=%00', /q: must not contain control characters/],
      ['environment=prod&q[match_all]=1', /q/],
      ['environment=prod&query=%7B%22match_all%22%3A%7B%7D%7D', /query/],
      [
        'environment=prod&window=15m&start=2026-03-02T10:00:00Z&end=2026-03-02T11:00:00Z',
        /window/,
      ],
    ];
    for (const [query, message] of bad) {
      const { status, body } = await app.get(search(query));
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body.error.message).toMatch(message);
    }
    const calls = await app.calls();
    expect(calls.elasticsearch ?? {}).toEqual({});
  });

  it('reads the entity as the caller first: no entity, no logs and no call', async () => {
    const { status } = await app.get(search('environment=prod'), OUTSIDER);
    expect(status).toBe(404);
    const calls = await app.calls();
    expect(calls.elasticsearch ?? {}).toEqual({});
  });

  it('degrades the card on an Elasticsearch outage or timeout, never a 500', async () => {
    await app.fault('elasticsearch', { status: 500 });
    const down = await app.get(search('environment=prod'));
    expect(down.status).toBe(502);
    expect(down.body.upstream).toMatchObject({
      system: 'elasticsearch',
      kind: 'server-error',
    });
    expect(down.body.error.message).toMatch(
      /^Elasticsearch POST \/logs-prod-\*\/_search failed with HTTP 500/,
    );

    await app.fault('elasticsearch', { latencyMs: 3500 });
    const slow = await app.get(search('environment=prod'));
    expect(slow.status).toBe(504);
    expect(slow.body.upstream).toMatchObject({
      system: 'elasticsearch',
      kind: 'timeout',
    });
  });
});
