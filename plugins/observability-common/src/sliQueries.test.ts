import {
  canaryQueries,
  errorRatioQuery,
  latencyQuantileQuery,
  requestRateQuery,
  sliQueries,
} from './sliQueries';

const payments = { service: 'payments-api', environment: 'prod' };
const COUNT = 'http_server_request_duration_seconds_count';
const BUCKET = 'http_server_request_duration_seconds_bucket';

describe('SLI queries', () => {
  it('asks for the request rate, error ratio and latency quantiles of a service in an environment', () => {
    const sel = '{service="payments-api",environment="prod"}';
    const errors =
      '{service="payments-api",environment="prod",http_response_status_code=~"5.."}';

    expect(sliQueries(payments)).toEqual({
      requestRate: `sum(rate(${COUNT}${sel}[5m]))`,
      errorRatio: `sum(rate(${COUNT}${errors}[5m])) / sum(rate(${COUNT}${sel}[5m]))`,
      latencyP95: `histogram_quantile(0.95, sum by (le) (rate(${BUCKET}${sel}[5m])))`,
      latencyP99: `histogram_quantile(0.99, sum by (le) (rate(${BUCKET}${sel}[5m])))`,
    });
  });

  it('splits canary and stable into one series per revision', () => {
    const sel =
      '{service="payments-api",environment="prod",rollouts_pod_template_hash=~"6d4b9c7f8|7c8d5f9b6"}';

    const queries = canaryQueries({
      ...payments,
      canary: '6d4b9c7f8',
      stable: '7c8d5f9b6',
      window: '2m',
    });

    expect(queries.requestRate).toBe(
      `sum by (rollouts_pod_template_hash) (rate(${COUNT}${sel}[2m]))`,
    );
    expect(queries.latencyP99).toBe(
      `histogram_quantile(0.99, sum by (le, rollouts_pod_template_hash) (rate(${BUCKET}${sel}[2m])))`,
    );
    expect(queries.errorRatio).toMatch(
      /^sum by \(rollouts_pod_template_hash\) \(.+\) \/ sum by \(rollouts_pod_template_hash\) \(.+\)$/,
    );
  });

  it('selects one revision with an equality matcher', () => {
    expect(requestRateQuery({ ...payments, revisions: ['6d4b9c7f8'] })).toBe(
      `sum(rate(${COUNT}{service="payments-api",environment="prod",rollouts_pod_template_hash="6d4b9c7f8"}[5m]))`,
    );
  });

  it('escapes label values, and regex characters of revisions', () => {
    expect(
      errorRatioQuery({
        service: 'we"ird\\name',
        environment: 'prod',
        revisions: ['a.b', 'c'],
      }),
    ).toContain(
      'service="we\\"ird\\\\name",environment="prod",rollouts_pod_template_hash=~"a\\\\.b|c"',
    );
  });

  it('refuses a window that is no PromQL duration and a quantile outside (0, 1)', () => {
    expect(() =>
      requestRateQuery({ ...payments, window: '5 minutes' }),
    ).toThrow('window must be a PromQL duration like 5m, got 5 minutes');
    expect(() => latencyQuantileQuery(payments, 95)).toThrow(
      'quantile must be between 0 and 1, got 95',
    );
  });
});
