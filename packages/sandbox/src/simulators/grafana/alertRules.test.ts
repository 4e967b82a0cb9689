import { sliQueries } from '@internal/plugin-observability-common';
import { parseAlertExpression } from './alertRules';

describe('parseAlertExpression', () => {
  const errorRatio = sliQueries({
    service: 'orders',
    environment: 'prod',
  }).errorRatio;

  it('reads an SLI query, in parentheses or not, compared with a number', () => {
    expect(parseAlertExpression(`(${errorRatio}) > 0.05`)).toMatchObject({
      query: { kind: 'errorRatio', service: 'orders', environment: 'prod' },
      op: '>',
      threshold: 0.05,
    });
    expect(
      parseAlertExpression(
        `${
          sliQueries({ service: 'orders', environment: 'dev' }).latencyP99
        } >= 1.5`,
      ),
    ).toMatchObject({
      query: { kind: 'latencyQuantile', quantile: 0.99 },
      op: '>=',
      threshold: 1.5,
    });
  });

  it('refuses anything else with a reason', () => {
    expect(() => parseAlertExpression('up == 0')).toThrow(/<SLI query>/);
    expect(() => parseAlertExpression('rate(foo[5m]) > 1')).toThrow(
      /SLI queries/,
    );
  });
});
