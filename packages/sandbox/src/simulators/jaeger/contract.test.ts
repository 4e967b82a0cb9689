import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { targetPaths } from '@backstage/cli-common';
import { Sandbox, startSandbox } from '../../server';
import { jaegerSimulator } from '.';

/** specs/ sits beside the repository (CI checks it out next to the clone). */
const specs = path.resolve(targetPaths.rootDir, '..', 'shared', 'specs');
const readJson = (...parts: string[]) =>
  JSON.parse(fs.readFileSync(path.join(specs, ...parts), 'utf8'));

const openapi = readJson('jaeger', 'api_v3-query_service.openapi.json');
const examples = readJson('examples', 'jaeger-examples.json');
const snapshot = (name: string) =>
  readJson('jaeger', `api_v3-snapshot-${name}.json`);

/**
 * The OpenAPI's component schemas as one JSON Schema. Its objects allow any
 * extra property; here they do not, so a misspelt field (`spanID`) fails.
 */
function validators() {
  const strict = (schema: any): any => {
    if (Array.isArray(schema)) {
      return schema.map(strict);
    }
    if (!schema || typeof schema !== 'object') {
      return schema;
    }
    const copy = Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref'
          ? String(v).replace('#/components/schemas/', 'jaeger-v3#/$defs/')
          : strict(v),
      ]),
    );
    if (copy.properties && copy.additionalProperties === undefined) {
      copy.additionalProperties = false;
    }
    return copy;
  };
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv, ['date-time']);
  ajv.addKeyword('example');
  // OpenAPI's protobuf formats: ids are bytes (hex from Jaeger's gateway, a
  // subset of the base64 alphabet), numbers carry their protobuf type.
  ajv.addFormat('bytes', /^[0-9A-Za-z+/_-]*={0,2}$/);
  const integer = (min: number, max: number) => ({
    type: 'number' as const,
    validate: (n: number) => Number.isInteger(n) && n >= min && n <= max,
  });
  ajv.addFormat('int32', integer(-(2 ** 31), 2 ** 31 - 1));
  ajv.addFormat('uint32', integer(0, 2 ** 32 - 1));
  ajv.addFormat('fixed32', integer(0, 2 ** 32 - 1));
  ajv.addFormat('enum', integer(0, 2 ** 31 - 1));
  ajv.addFormat('double', { type: 'number', validate: () => true });
  ajv.addSchema({
    $id: 'jaeger-v3',
    $defs: strict(openapi.components.schemas),
  });
  const of = (name: string): ValidateFunction =>
    ajv.getSchema(`jaeger-v3#/$defs/${name}`)!;
  return {
    services: of('jaeger.api_v3.GetServicesResponse'),
    operations: of('jaeger.api_v3.GetOperationsResponse'),
    traces: of('opentelemetry.proto.trace.v1.TracesData'),
  };
}

/** What the validator says, for readable failures. */
function errorsOf(validate: ValidateFunction, body: unknown) {
  validate(body);
  return (validate.errors ?? []).map(
    e => `${e.instancePath || '/'} ${e.message}`,
  );
}

/**
 * FindTraces and GetTrace answer `{"result": TracesData}` (the gateway's
 * stream-chunk wrapper); the OpenAPI describes only the TracesData.
 */
function tracesErrors(validate: ValidateFunction, body: any) {
  return Object.keys(body).join() === 'result'
    ? errorsOf(validate, body.result)
    : [`top-level keys: ${Object.keys(body).join()}; expected result`];
}

const NOW = Date.parse('2026-03-02T12:00:00Z');
const HOUR_AGO = new Date(NOW - 3_600_000).toISOString();

describe('Jaeger simulator, validated against the v3 OpenAPI', () => {
  const validate = validators();
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      simulators: [jaegerSimulator({ now: () => NOW })],
    });
  });
  afterAll(() => sandbox.close());

  async function get(pathAndQuery: string) {
    const res = await fetch(`${sandbox.url}/jaeger${pathAndQuery}`);
    return {
      status: res.status,
      contentType: res.headers.get('content-type'),
      body: JSON.parse(await res.text()),
    };
  }

  it("accepts Jaeger's own snapshots (the validator itself is right)", () => {
    expect(errorsOf(validate.services, snapshot('GetServices'))).toEqual([]);
    expect(errorsOf(validate.operations, snapshot('GetOperations'))).toEqual(
      [],
    );
    expect(tracesErrors(validate.traces, snapshot('FindTraces'))).toEqual([]);
    expect(tracesErrors(validate.traces, snapshot('GetTrace'))).toEqual([]);
  });

  it('rejects a span with a misspelt field or a kind that is not a number', () => {
    const span =
      snapshot('FindTraces').result.resourceSpans[0].scopeSpans[0].spans[0];
    const broken = (change: object) => ({
      result: {
        resourceSpans: [{ scopeSpans: [{ spans: [{ ...span, ...change }] }] }],
      },
    });

    expect(
      tracesErrors(validate.traces, broken({ spanID: span.spanId })),
    ).toContain(
      '/resourceSpans/0/scopeSpans/0/spans/0 must NOT have additional properties',
    );
    expect(tracesErrors(validate.traces, broken({ kind: 'SERVER' }))).toContain(
      '/resourceSpans/0/scopeSpans/0/spans/0/kind must be integer',
    );
  });

  it('answers GET /api/v3/services per GetServicesResponse', async () => {
    const { status, body } = await get('/api/v3/services');

    expect(status).toBe(200);
    expect(body.services).toContain('payments-api');
    expect(errorsOf(validate.services, body)).toEqual([]);
  });

  it.each([
    ['?service=payments-api'],
    ['?service=cart-service&spanKind=server'],
    ['?service=cart-service&span_kind=client'],
    ['?service=unknown'],
  ])(
    'answers GET /api/v3/operations%s per GetOperationsResponse',
    async query => {
      const { status, body } = await get(`/api/v3/operations${query}`);

      expect(status).toBe(200);
      expect(errorsOf(validate.operations, body)).toEqual([]);
    },
  );

  it('answers a search with every parameter the OpenAPI declares, per TracesData', async () => {
    const params = new URLSearchParams({
      'query.serviceName': 'payments-api',
      'query.operationName': 'GET /payments/{id}',
      'query.startTimeMin': HOUR_AGO,
      'query.startTimeMax': new Date(NOW).toISOString(),
      'query.durationMin': '0.001s',
      'query.durationMax': '10s',
      'query.searchDepth': '5',
      'query.rawTraces': 'false',
    });

    const { status, body } = await get(`/api/v3/traces?${params}`);

    expect(status).toBe(200);
    expect(body.result.resourceSpans).toHaveLength(5);
    expect(tracesErrors(validate.traces, body)).toEqual([]);
    const spans = body.result.resourceSpans.flatMap((rs: any) =>
      rs.scopeSpans.flatMap((ss: any) => ss.spans),
    );
    for (const span of spans) {
      // Jaeger's gateway writes ids as hex and int64 times as decimal strings.
      expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(span.startTimeUnixNano).toMatch(/^\d{19}$/);
    }
  });

  it('accepts the deprecated snake_case parameters too', async () => {
    const params = new URLSearchParams({
      'query.service_name': 'ledger-service',
      'query.start_time_min': HOUR_AGO,
      'query.start_time_max': new Date(NOW).toISOString(),
      'query.num_traces': '3',
    });

    const { status, body } = await get(`/api/v3/traces?${params}`);

    expect(status).toBe(200);
    expect(body.result.resourceSpans).toHaveLength(3);
  });

  it('answers GET /api/v3/traces/{id} per TracesData, for hex and base64 ids', async () => {
    const search = await get(
      `/api/v3/traces?query.serviceName=cart-service&query.startTimeMin=${HOUR_AGO}&query.startTimeMax=${new Date(
        NOW,
      ).toISOString()}&query.searchDepth=1`,
    );
    const traceId = search.body.result.resourceSpans[0].scopeSpans[0].spans[0]
      .traceId as string;

    const byHex = await get(`/api/v3/traces/${traceId}`);
    const byBase64 = await get(
      `/api/v3/traces/${encodeURIComponent(
        Buffer.from(traceId, 'hex').toString('base64'),
      )}`,
    );

    expect(byHex.status).toBe(200);
    expect(tracesErrors(validate.traces, byHex.body)).toEqual([]);
    expect(byHex.body).toEqual(search.body);
    expect(byBase64.body).toEqual(byHex.body);
  });

  it("answers errors in the gateway's shape (the examples'), as text/plain like Go's http.Error", async () => {
    const example = examples['v3 GET /api/v3/traces/{traceId}']['404'];
    const notFound = await get(
      '/api/v3/traces/0123456789abcdef0123456789abcdef',
    );
    const noWindow = await get('/api/v3/traces?query.serviceName=cart-service');
    const badDepth = await get(
      `/api/v3/traces?query.serviceName=cart-service&query.startTimeMin=${HOUR_AGO}&query.startTimeMax=${new Date(
        NOW,
      ).toISOString()}&query.searchDepth=many`,
    );

    // The example's message predates the v2 storage API: "No traces found" now.
    expect(notFound).toEqual({
      status: 404,
      contentType: 'text/plain; charset=utf-8',
      body: {
        error: { ...example.error, message: 'No traces found' },
      },
    });
    expect(noWindow.status).toBe(400);
    expect(noWindow.body).toEqual({
      error: {
        httpCode: 400,
        message: 'query.startTimeMin and query.startTimeMax are required',
      },
    });
    expect(badDepth.body.error.message).toBe(
      'malformed parameter query.searchDepth: strconv.Atoi: parsing "many": invalid syntax',
    );
  });
});
