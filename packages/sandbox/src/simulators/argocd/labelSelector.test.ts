import { parseCommonLabelFilter, parseLabelSelector } from './labelSelector';

describe('parseLabelSelector', () => {
  const labels = {
    'app.kubernetes.io/name': 'cart',
    environment: 'prod',
    tier: '3',
  };

  it.each([
    ['', true],
    ['app.kubernetes.io/name=cart', true],
    ['app.kubernetes.io/name==cart', true],
    ['app.kubernetes.io/name=other', false],
    ['environment!=prod', false],
    ['environment!=dev', true],
    ['missing!=x', true],
    ['environment in (dev,prod)', true],
    ['environment in (dev, staging)', false],
    ['environment notin (dev)', true],
    ['missing notin (dev)', true],
    ['missing in (dev)', false],
    ['environment', true],
    ['!environment', false],
    ['!missing', true],
    ['tier>2', true],
    ['tier<3', false],
    ['app.kubernetes.io/name=cart, environment in (prod), !missing', true],
    ['app.kubernetes.io/name=cart,environment in (dev)', false],
  ])('%s selects: %s', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it.each([
    'environment in dev',
    'environment in (dev',
    'a b',
    'tier>x',
    'env=bad value',
    'app,',
    '=x',
  ])('rejects %j', selector => {
    expect(() => parseLabelSelector(selector)).toThrow();
  });
});

describe('parseCommonLabelFilter', () => {
  const common = { 'backstage.io/kubernetes-id': 'cart' };

  it.each([
    ['', true],
    ['backstage.io/kubernetes-id=cart', true],
    ['backstage.io/kubernetes-id=payments', false],
    ['backstage.io/kubernetes-id in (cart,payments)', true],
    ['!backstage.io/kubernetes-id', false],
    // Labels the group does not share are left to each object.
    ['rollouts-pod-template-hash=abc', true],
    ['backstage.io/kubernetes-id=cart,tier=3', true],
    ['backstage.io/kubernetes-id=other,tier=3', false],
  ])('%j can match a group labelled %#: %s', (selector, expected) => {
    expect(parseCommonLabelFilter(selector)(common)).toBe(expected);
  });
});
