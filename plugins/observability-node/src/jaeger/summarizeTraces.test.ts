import { normalizeOtlpId, summarizeTraces } from './summarizeTraces';
import { OtlpTracesData } from '@internal/api-jaeger';

const TRACE_A = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_B = '00000000000000000000000000000001';

/** Trace A spans two services and two resources; trace B is one failed span. */
const data: OtlpTracesData = {
  resourceSpans: [
    {
      resource: {
        attributes: [{ key: 'service.name', value: { stringValue: 'ledger' } }],
      },
      scopeSpans: [
        {
          scope: { name: 'pg' },
          spans: [
            {
              traceId: TRACE_A,
              spanId: 'b7ad6b7169203331',
              parentSpanId: '00f067aa0ba902b7',
              name: 'SELECT entries',
              kind: 3,
              startTimeUnixNano: '1736504000002000000',
              endTimeUnixNano: '1736504000006000000',
              status: { code: 'STATUS_CODE_ERROR', message: 'timeout' },
            },
          ],
        },
      ],
    },
    {
      resource: {
        attributes: [
          { key: 'service.name', value: { stringValue: 'payments' } },
        ],
      },
      scopeSpans: [
        {
          scope: {},
          spans: [
            {
              // The same trace id, base64 as other OTLP producers write it.
              traceId: Buffer.from(TRACE_A, 'hex').toString('base64'),
              spanId: Buffer.from('00f067aa0ba902b7', 'hex').toString('base64'),
              name: 'GET /pay',
              kind: 2,
              startTimeUnixNano: '1736504000000000000',
              endTimeUnixNano: '1736504000012500000',
              status: {},
            },
          ],
        },
        {
          spans: [
            {
              traceId: TRACE_B,
              spanId: '0000000000000002',
              name: 'foobar',
              kind: 2,
              startTimeUnixNano: '1736504100000000000',
              endTimeUnixNano: '1736504100000001500',
              status: { code: 2 },
            },
          ],
        },
      ],
    },
  ],
};

describe('summarizeTraces', () => {
  it('makes one row per trace, newest first, across resources and id encodings', () => {
    expect(summarizeTraces(data)).toEqual([
      {
        traceId: TRACE_B,
        rootOperation: 'foobar',
        rootService: 'payments',
        startTime: '2025-01-10T10:15:00.000Z',
        durationMs: 0.001,
        spanCount: 1,
        errorSpanCount: 1,
        error: true,
        services: ['payments'],
      },
      {
        traceId: TRACE_A,
        rootOperation: 'GET /pay',
        rootService: 'payments',
        startTime: '2025-01-10T10:13:20.000Z',
        durationMs: 12.5,
        spanCount: 2,
        errorSpanCount: 1,
        error: true,
        services: ['ledger', 'payments'],
      },
    ]);
  });

  it('takes the earliest span without a parent in the trace as root of a partial trace', () => {
    const orphans: OtlpTracesData = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: TRACE_A,
                  spanId: '0000000000000003',
                  parentSpanId: '0000000000000002',
                  name: 'child',
                  startTimeUnixNano: '2000',
                  endTimeUnixNano: '3000',
                },
                {
                  traceId: TRACE_A,
                  spanId: '0000000000000002',
                  parentSpanId: '00000000000000ff',
                  name: 'orphan',
                  startTimeUnixNano: '1000',
                  endTimeUnixNano: '5000',
                },
              ],
            },
          ],
        },
      ],
    };

    expect(summarizeTraces(orphans)[0]).toMatchObject({
      rootOperation: 'orphan',
      rootService: '',
      error: false,
      durationMs: 0.004,
    });
  });

  it('returns no rows for no traces', () => {
    expect(summarizeTraces({})).toEqual([]);
    expect(summarizeTraces({ resourceSpans: [] })).toEqual([]);
  });
});

describe('normalizeOtlpId', () => {
  it('lower-cases hex and decodes base64 of the right length', () => {
    expect(normalizeOtlpId(TRACE_A.toUpperCase(), 16)).toBe(TRACE_A);
    expect(normalizeOtlpId('AAAAAAAAAAI=', 8)).toBe('0000000000000002');
    expect(normalizeOtlpId('short', 8)).toBe('short');
  });
});
