import {
  JaegerTracesResponse,
  OtlpSpan,
  SPAN_KIND,
} from '@internal/api-jaeger';
import { Sandbox, startSandbox } from '../../server';
import { jaegerSimulator } from '.';

const NOW = Date.parse('2026-03-02T12:00:00Z');
const window = (minutes: number, end = NOW) =>
  `query.startTimeMin=${new Date(end - minutes * 60_000).toISOString()}` +
  `&query.startTimeMax=${new Date(end).toISOString()}`;

describe('jaegerSimulator', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [jaegerSimulator({ now: () => NOW })],
    });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => fetch(`${sandbox.url}/admin/reset`, { method: 'POST' }));

  async function traces(query: string) {
    const res = await fetch(`${sandbox.url}/jaeger/api/v3/traces?${query}`);
    return { status: res.status, body: await res.json() };
  }

  /** The spans of each trace found, in trace order. */
  async function spansOf(query: string): Promise<OtlpSpan[][]> {
    const { body } = await traces(query);
    return (body as JaegerTracesResponse).result.resourceSpans!.map(rs =>
      rs.scopeSpans!.flatMap(ss => ss.spans!),
    );
  }

  it("calls what the service's catalog tags say it uses", async () => {
    const cartGet = await spansOf(
      `query.serviceName=cart-service&query.operationName=GET%20%2Fcart&${window(
        60,
      )}&query.searchDepth=1`,
    );
    expect(cartGet[0].map(s => [s.name, s.kind])).toEqual([
      ['GET /cart', SPAN_KIND.SERVER],
      ['GET', SPAN_KIND.CLIENT],
    ]);

    const ledgerPost = await spansOf(
      `query.serviceName=ledger-service&query.operationName=POST%20%2Fledger&${window(
        60,
      )}&query.searchDepth=1`,
    );
    expect(ledgerPost[0].map(s => [s.name, s.kind])).toEqual([
      ['POST /ledger', SPAN_KIND.SERVER],
      ['INSERT ledger', SPAN_KIND.CLIENT],
      ['send ledger-events', SPAN_KIND.PRODUCER],
    ]);
    const [server, insert] = ledgerPost[0];
    expect(insert.parentSpanId).toBe(server.spanId);
    expect(BigInt(insert.startTimeUnixNano!)).toBeGreaterThanOrEqual(
      BigInt(server.startTimeUnixNano!),
    );
    expect(BigInt(insert.endTimeUnixNano!)).toBeLessThanOrEqual(
      BigInt(server.endTimeUnixNano!),
    );

    const website = await spansOf(
      `query.serviceName=storefront-web&${window(60)}&query.searchDepth=1`,
    );
    expect(website[0]).toHaveLength(1);
  });

  it('has traces for seeded services, with backends of their own', async () => {
    await fetch(`${sandbox.url}/admin/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ services: 3 }),
    });

    const found = await spansOf(
      `query.serviceName=svc-0002&${window(60)}&query.searchDepth=5`,
    );

    expect(found).toHaveLength(5);
    expect(
      found.every(spans =>
        spans.some(s => /^(SELECT|INSERT) svc_0002$/.test(s.name)),
      ),
    ).toBe(true);
  });

  it('has no traces after its clock', async () => {
    const aroundNow = await traces(
      `query.serviceName=cart-service&${window(
        120,
        NOW + 3_600_000,
      )}&query.searchDepth=1000`,
    );
    const future = await traces(
      `query.serviceName=cart-service&${window(60, NOW + 3_600_000)}`,
    );

    const starts = (
      aroundNow.body as JaegerTracesResponse
    ).result.resourceSpans!.map(rs =>
      Number(
        BigInt(rs.scopeSpans![0].spans![0].startTimeUnixNano!) / 1_000_000n,
      ),
    );
    // The hour before the clock: prod every 5 s, staging every 20 s, dev every minute.
    expect(starts).toHaveLength(720 + 180 + 60);
    expect(Math.max(...starts)).toBeLessThan(NOW);
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(NOW - 3_600_000);
    expect(future.status).toBe(404);
  });

  it('refuses a search without a service, as Jaeger storage backends do', async () => {
    const { status, body } = await traces(window(60));

    expect(status).toBe(400);
    expect(body).toEqual({
      error: { httpCode: 400, message: 'service name must be set' },
    });
  });

  it('answers 404 for paths the gateway does not serve', async () => {
    const res = await fetch(`${sandbox.url}/jaeger/api/traces?service=x`);

    expect(res.status).toBe(404);
    expect(await res.text()).toBe('404 page not found\n');
  });

  it('serves stand-ins of the UI pages the portal links to', async () => {
    const { body } = await traces(
      `query.serviceName=payments-api&${window(5)}&query.searchDepth=1`,
    );
    const id = (body as JaegerTracesResponse).result.resourceSpans![0]
      .scopeSpans![0].spans![0].traceId;

    const trace = await fetch(`${sandbox.url}/jaeger/trace/${id}`);
    expect(trace.status).toBe(200);
    const html = await trace.text();
    expect(html).toContain(`<h1>Trace ${id}</h1>`);
    expect(html).toMatch(/<td>payments-api<\/td><td>(GET|POST|PUT|DELETE) /);

    const missing = await fetch(
      `${sandbox.url}/jaeger/trace/${'0'.repeat(31)}1`,
    );
    expect(missing.status).toBe(404);

    const search = await fetch(
      `${sandbox.url}/jaeger/search?service=payments-api&lookback=15m`,
    );
    const list = await search.text();
    expect(list).toContain('Search: payments-api (last 15m)');
    expect(list).toContain(`<a href="trace/${id}">`);
  });

  it('finds failed traces by the error tag Jaeger derives from the span status', async () => {
    const { body } = await traces(
      `query.serviceName=payments-api&${window(
        24 * 60,
      )}&query.searchDepth=5&query.attributes=${encodeURIComponent(
        '{"error":"true"}',
      )}`,
    );
    const found = (body as JaegerTracesResponse).result.resourceSpans!;
    expect(found).toHaveLength(5);
    for (const rs of found) {
      const spans = rs.scopeSpans!.flatMap(ss => ss.spans!);
      expect(spans.some(span => span.status?.code === 2)).toBe(true);
    }
  });
});
