import { Client, errors, estypes } from '@elastic/elasticsearch';
import { Sandbox, startSandbox } from '../../server';
import { jaegerSimulator } from '../jaeger';
import { elasticsearchSimulator, SANDBOX_ES_API_KEY } from '.';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString();

type Line = {
  '@timestamp': string;
  log: { level: string };
  message: string;
  service: { name: string };
  kubernetes: { namespace: string; pod: { name: string } };
  trace?: { id: string };
};

/** The filter a log search of one service sends. */
const serviceWindow = (
  service: string,
  minutes: number,
): estypes.QueryDslQueryContainer[] => [
  { term: { 'service.name': service } },
  {
    range: {
      '@timestamp': { gte: minutesAgo(minutes), lte: minutesAgo(0) },
    },
  },
];

// A real HTTP server and git on disk: slower than a unit test on a busy machine.
jest.setTimeout(30_000);

describe('elasticsearchSimulator, through the official client', () => {
  let sandbox: Sandbox;
  let client: Client;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [
        jaegerSimulator({ now: () => NOW }),
        elasticsearchSimulator({ now: () => NOW }),
      ],
    });
    client = new Client({
      node: `${sandbox.url}/elasticsearch`,
      auth: { apiKey: SANDBOX_ES_API_KEY },
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });
  beforeEach(() => fetch(`${sandbox.url}/admin/reset`, { method: 'POST' }));

  async function failure(
    call: Promise<unknown>,
  ): Promise<errors.ResponseError> {
    try {
      await call;
    } catch (error) {
      expect(error).toBeInstanceOf(errors.ResponseError);
      return error as errors.ResponseError;
    }
    throw new Error('expected the call to fail');
  }

  it('answers info as a cluster, so the client accepts the product', async () => {
    const info = await client.info();
    expect(info.version.number).toMatch(/^9\./);
    expect(info.tagline).toBe('You Know, for Search');
  });

  it("serves a service's lines with the ECS fields Fluent Bit ships, newest first", async () => {
    const result = await client.search<Line>({
      index: 'logs-prod-*',
      query: { bool: { filter: serviceWindow('payments-api', 10) } },
      sort: [{ '@timestamp': { order: 'desc' } }, { _doc: { order: 'desc' } }],
      size: 50,
    });
    const hits = result.hits.hits;
    expect(hits).toHaveLength(50);
    expect(result.hits.total).toEqual({
      value: expect.any(Number),
      relation: 'eq',
    });
    const times = hits.map(h => Date.parse(h._source!['@timestamp']));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(times[0]).toBeLessThanOrEqual(NOW);
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(NOW - 10 * 60_000);
    for (const hit of hits) {
      expect(hit._index).toBe('logs-prod-2026.03.02');
      expect(hit._source).toMatchObject({
        service: { name: 'payments-api' },
        kubernetes: {
          namespace: 'payments-api-prod',
          pod: { name: expect.stringMatching(/^payments-api-\w+-\w+$/) },
        },
        log: { level: expect.stringMatching(/^(debug|info|warn|error)$/) },
        message: expect.any(String),
      });
      expect(hit.sort).toEqual([times[hits.indexOf(hit)], expect.any(Number)]);
    }
    expect(hits.some(h => h._source!.trace?.id?.match(/^[0-9a-f]{32}$/))).toBe(
      true,
    );
  });

  it("logs a bad build's errors with the trace ids of the failing traces Jaeger serves", async () => {
    sandbox.world.markRevisionBad(
      'payments-api',
      'prod',
      'b4dr3v1s10n',
      new Date(NOW - 30 * 60_000),
    );
    const result = await client.search<Line>({
      index: 'logs-prod-*',
      query: {
        bool: {
          filter: [
            ...serviceWindow('payments-api', 10),
            { terms: { 'log.level': ['error'] } },
          ],
        },
      },
      sort: [{ '@timestamp': 'desc' }],
      size: 100,
    });
    const errorLines = result.hits.hits.map(h => h._source!);
    // A 25 % canary failing 60 % of its requests: many errors in 10 min.
    expect(errorLines.length).toBeGreaterThan(10);
    const badPods = errorLines.filter(l =>
      l.kubernetes.pod.name.includes('b4dr3v1s10n'),
    );
    expect(badPods.length).toBeGreaterThan(errorLines.length / 2);

    // Every trace id of an error line is a failed trace in Jaeger.
    const traceIds = [...new Set(errorLines.map(l => l.trace!.id))].slice(0, 5);
    for (const id of traceIds) {
      const res = await fetch(`${sandbox.url}/jaeger/api/v3/traces/${id}`);
      expect(res.status).toBe(200);
      const body = await res.json();
      const spans = body.result.resourceSpans[0].scopeSpans.flatMap(
        (s: any) => s.spans,
      );
      expect(spans[0].status.code).toBe(2);
    }

    // And the other way round: a failed trace of Jaeger has its lines here.
    const jaeger = await fetch(
      `${sandbox.url}/jaeger/api/v3/traces?query.serviceName=payments-api` +
        `&query.startTimeMin=${minutesAgo(10)}&query.startTimeMax=${minutesAgo(
          0,
        )}` +
        `&query.attributes=${encodeURIComponent(
          '{"error":"true"}',
        )}&query.searchDepth=3`,
    ).then(r => r.json());
    const failedId =
      jaeger.result.resourceSpans[0].scopeSpans[0].spans[0].traceId;
    const ofTrace = await client.search<Line>({
      index: 'logs-prod-*',
      query: { bool: { filter: [{ term: { 'trace.id': failedId } }] } },
      sort: [{ '@timestamp': 'asc' }],
    });
    expect(ofTrace.hits.hits.map(h => h._source!.log.level)).toEqual(
      expect.arrayContaining(['error']),
    );
    expect(
      ofTrace.hits.hits.every(h => h._source!.trace!.id === failedId),
    ).toBe(true);
  });

  it('pages with search_after without a gap or a repeat', async () => {
    const request: estypes.SearchRequest = {
      index: 'logs-prod-*',
      query: { bool: { filter: serviceWindow('cart-service', 15) } },
      sort: [{ '@timestamp': 'desc' }, { _doc: { order: 'desc' } }],
      track_total_hits: false,
    };
    const all = await client.search<Line>({ ...request, size: 90 });
    const ids: string[] = [];
    let after: any[] | undefined;
    for (let page = 0; page < 3; page++) {
      const result = await client.search<Line>({
        ...request,
        size: 30,
        ...(after ? { search_after: after } : {}),
      });
      expect(result.hits.total).toBeUndefined();
      ids.push(...result.hits.hits.map(h => h._id!));
      after = result.hits.hits[result.hits.hits.length - 1].sort;
    }
    expect(ids).toEqual(all.hits.hits.map(h => h._id));
    expect(new Set(ids).size).toBe(90);
  });

  it('finds free text with simple_query_string and counts with _count', async () => {
    sandbox.world.markRevisionBad(
      'ledger-service',
      'prod',
      'l3dg3rb4d',
      new Date(NOW - 3600_000),
    );
    const filter = serviceWindow('ledger-service', 10);
    const search = (query: string) =>
      client.search<Line>({
        index: 'logs-prod-*',
        query: {
          bool: {
            filter,
            must: [
              {
                simple_query_string: {
                  query,
                  fields: ['message'],
                  default_operator: 'and',
                },
              },
            ],
          },
        },
        size: 200,
        track_total_hits: true,
      });
    const timeouts = await search('"statement timeout"');
    expect(timeouts.hits.hits.length).toBeGreaterThan(0);
    expect(
      timeouts.hits.hits.every(h =>
        h._source!.message.includes('statement timeout'),
      ),
    ).toBe(true);

    const notPost = await search('-POST');
    expect(
      notPost.hits.hits.every(h => !h._source!.message.includes('POST')),
    ).toBe(true);
    const either = await search('INSERT | GET');
    expect(
      either.hits.hits.every(h => /INSERT|GET/.test(h._source!.message)),
    ).toBe(true);
    const prefix = await search('statem*');
    expect(prefix.hits.total).toEqual(timeouts.hits.total);

    const counted = await client.count({
      index: 'logs-prod-*',
      query: {
        bool: {
          filter,
          must: [
            {
              simple_query_string: {
                query: '"statement timeout"',
                fields: ['message'],
              },
            },
          ],
        },
      },
    });
    expect(counted.count).toBe(
      (timeouts.hits.total as { value: number }).value,
    );

    // Query syntax it cannot read is read as well as it goes, never an error.
    for (const odd of ['"unclosed', '((', '|||', '-', '*', 'a\\', '~2', ')(']) {
      await expect(search(odd)).resolves.toBeDefined();
    }
  });

  it('serves the logs of a service created in the portal, where it is deployed', async () => {
    sandbox.world.addDeployment('orders', 'dev');
    const result = await client.search<Line>({
      index: 'logs-dev-*',
      query: { bool: { filter: serviceWindow('orders', 60) } },
      sort: [{ '@timestamp': 'desc' }],
    });
    expect(result.hits.hits.length).toBeGreaterThan(0);
    expect(result.hits.hits[0]._source!.kubernetes.namespace).toBe(
      'orders-dev',
    );
    const prod = await client.count({
      index: 'logs-prod-*',
      query: { term: { 'service.name': 'orders' } },
    });
    expect(prod.count).toBe(0);
  });

  it("answers bad requests with Elasticsearch's error bodies", async () => {
    const unknown = await failure(
      client.search({
        index: 'logs-prod-*',
        query: { fuzzy_thing: {} } as any,
      }),
    );
    expect(unknown.meta.statusCode).toBe(400);
    expect(unknown.body).toMatchObject({
      error: {
        root_cause: [
          { type: 'parsing_exception', reason: 'unknown query [fuzzy_thing]' },
        ],
        type: 'parsing_exception',
        reason: 'unknown query [fuzzy_thing]',
      },
      status: 400,
    });

    const missing = await failure(
      client.search({ index: 'logs-qa-2026.03.02' }),
    );
    expect(missing.meta.statusCode).toBe(404);
    expect(missing.body).toMatchObject({
      error: { type: 'index_not_found_exception', index: 'logs-qa-2026.03.02' },
      status: 404,
    });

    const sortText = await failure(
      client.search({ index: 'logs-*', sort: [{ nope: 'asc' }] }),
    );
    expect(sortText.body).toMatchObject({
      error: {
        type: 'search_phase_execution_exception',
        root_cause: [{ type: 'query_shard_exception' }],
      },
    });

    const window = await failure(
      client.search({ index: 'logs-*', from: 9990, size: 20 }),
    );
    expect(window.body.error.reason).toMatch(/^Result window is too large/);

    const after = await failure(
      client.search({
        index: 'logs-*',
        sort: [{ '@timestamp': 'desc' }],
        search_after: [1, 2],
      }),
    );
    expect(after.body.error.reason).toBe(
      'search_after has 2 value(s) but sort has 1.',
    );

    const lucene = await failure(client.search({ index: 'logs-*', q: 'x' }));
    expect(lucene.body.error.type).toBe('illegal_argument_exception');

    const stranger = new Client({
      node: `${sandbox.url}/elasticsearch`,
      auth: { apiKey: 'bm9ib2R5Om5vdGhpbmc=' },
    });
    const refused = await failure(stranger.search({ index: 'logs-*' }));
    expect(refused.meta.statusCode).toBe(401);
    expect(refused.body.error.type).toBe('security_exception');
    await stranger.close();
  });

  it('never falls over, whatever the body', async () => {
    const post = (body: string, path = '/logs-prod-*/_search') =>
      fetch(`${sandbox.url}/elasticsearch${path}`, {
        method: 'POST',
        headers: {
          authorization: `ApiKey ${SANDBOX_ES_API_KEY}`,
          'content-type': 'application/json',
        },
        body,
      });
    const bodies = [
      '{',
      'null',
      '[]',
      '"x"',
      '{"query":null}',
      '{"query":[]}',
      '{"query":{"bool":{"filter":{"term":null}}}}',
      '{"query":{"range":{"@timestamp":{"gte":"yesterday-ish"}}}}',
      '{"query":{"terms":{"service.name":"x"}}}',
      '{"query":{"simple_query_string":{"query":42}}}',
      '{"sort":[{"@timestamp":{"order":"sideways"}}]}',
      '{"sort":"@timestamp","search_after":[{"a":1}]}',
      '{"size":-1}',
      '{"size":"lots"}',
      '{"aggs":{}}',
      '{"__proto__":{"polluted":true}}',
      '{"query":{"bool":{"must":[{"bool":{"must":[{"bool":{"should":[]}}]}}]}}}',
    ];
    const answers = [];
    for (const body of bodies) {
      const res = await post(body);
      answers.push({ body, status: res.status, json: await res.json() });
    }
    for (const answer of answers.filter(a => a.status !== 200)) {
      expect(answer).toMatchObject({
        status: 400,
        json: {
          error: { root_cause: [expect.any(Object)], type: expect.any(String) },
          status: 400,
        },
      });
    }
    expect(answers.filter(a => a.status === 400).length).toBeGreaterThan(10);
    expect(({} as any).polluted).toBeUndefined();
    const count = await post(
      '{"query":{"match_all":{}},"size":1}',
      '/logs-prod-*/_count',
    );
    expect(count.status).toBe(400);
    // The last body matches every line of the day in prod: a full scan.
  }, 30_000);
});
