import { parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = { 'app.kubernetes.io/name': 'payments-api', env: 'prod' };

  it('matches equality, set and existence terms', () => {
    expect(
      parseLabelSelector('app.kubernetes.io/name=payments-api').matches(labels),
    ).toBe(true);
    expect(
      parseLabelSelector('app.kubernetes.io/name=other').matches(labels),
    ).toBe(false);
    expect(
      parseLabelSelector('env in (dev, prod),!legacy').matches(labels),
    ).toBe(true);
    expect(parseLabelSelector('env notin (prod)').matches(labels)).toBe(false);
    expect(parseLabelSelector('env!=dev,env').matches(labels)).toBe(true);
  });

  it('names the equality term usable for an index lookup', () => {
    expect(parseLabelSelector('env in (a,b),app=x').equality).toEqual({
      key: 'app',
      value: 'x',
    });
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a=b=c')).toThrow(/invalid label selector/);
    expect(() => parseLabelSelector(' ')).toThrow(/empty/);
  });
});
