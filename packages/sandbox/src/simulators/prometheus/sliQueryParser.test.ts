import {
  canaryQueries,
  latencyQuantileQuery,
  sliQueries,
} from '@internal/plugin-observability-common';
import { parseSliQuery, UnsupportedQueryError } from './sliQueryParser';

const payments = { service: 'payments-api', environment: 'prod' };

describe('parseSliQuery', () => {
  it("reads every query of the client's builders", () => {
    const queries = sliQueries(payments);
    const expected = { ...payments, revisions: undefined, byRevision: false };

    expect(parseSliQuery(queries.requestRate)).toEqual({
      kind: 'requestRate',
      ...expected,
    });
    expect(parseSliQuery(queries.errorRatio)).toEqual({
      kind: 'errorRatio',
      ...expected,
    });
    expect(parseSliQuery(queries.latencyP99)).toEqual({
      kind: 'latencyQuantile',
      quantile: 0.99,
      ...expected,
    });
    expect(parseSliQuery(latencyQuantileQuery(payments, 0.5)).quantile).toBe(
      0.5,
    );
  });

  it('reads the revisions of canary queries, one or several', () => {
    const canary = canaryQueries({
      ...payments,
      canary: 'a1b2',
      stable: 'c3d4',
    });

    for (const query of Object.values(canary)) {
      expect(parseSliQuery(query)).toMatchObject({
        revisions: ['a1b2', 'c3d4'],
        byRevision: true,
      });
    }
    expect(
      parseSliQuery(sliQueries({ ...payments, revisions: ['x.y'] }).errorRatio),
    ).toMatchObject({ revisions: ['x.y'], byRevision: false });
  });

  it('reads label values with escaped quotes and other spacing', () => {
    expect(
      parseSliQuery(
        'sum ( rate( http_server_request_duration_seconds_count{ environment = "prod", service="a\\"b" } [ 1h ] ) )',
      ),
    ).toMatchObject({
      kind: 'requestRate',
      service: 'a"b',
      environment: 'prod',
    });
  });

  it.each([
    [
      'another metric',
      'sum(rate(http_requests_total{service="a",environment="prod"}[5m]))',
    ],
    [
      'no environment',
      'sum(rate(http_server_request_duration_seconds_count{service="a"}[5m]))',
    ],
    [
      'a regex service',
      'sum(rate(http_server_request_duration_seconds_count{service=~"a.*",environment="prod"}[5m]))',
    ],
    [
      'another label',
      'sum(rate(http_server_request_duration_seconds_count{service="a",environment="prod",pod="x"}[5m]))',
    ],
    [
      'grouping by another label',
      'sum by (pod) (rate(http_server_request_duration_seconds_count{service="a",environment="prod"}[5m]))',
    ],
    [
      'a quantile without le',
      'histogram_quantile(0.9, sum(rate(http_server_request_duration_seconds_bucket{service="a",environment="prod"}[5m])))',
    ],
    [
      'a ratio of different selections',
      'sum(rate(http_server_request_duration_seconds_count{service="a",environment="prod",http_response_status_code=~"5.."}[5m])) / sum(rate(http_server_request_duration_seconds_count{service="b",environment="prod"}[5m]))',
    ],
    [
      'a ratio of 4xx',
      'sum(rate(http_server_request_duration_seconds_count{service="a",environment="prod",http_response_status_code=~"4.."}[5m])) / sum(rate(http_server_request_duration_seconds_count{service="a",environment="prod"}[5m]))',
    ],
    [
      'a quantile above 1',
      'histogram_quantile(1.5, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="a",environment="prod"}[5m])))',
    ],
    ['nothing', ''],
  ])('refuses %s', (_what, query) => {
    expect(() => parseSliQuery(query)).toThrow(UnsupportedQueryError);
  });
});
