import { isServiceName } from './serviceName';

describe('isServiceName', () => {
  it.each(['payments-api', 'abc', 'a1-b2', 'a'.repeat(40)])(
    'accepts %s',
    name => expect(isServiceName(name)).toBe(true),
  );

  it.each([
    'pаyments-api', // Cyrillic а
    'Payments-api',
    'payments_api',
    'payments-',
    '1payments',
    'ab',
    'a'.repeat(41),
    'payments api',
    '',
    undefined,
  ])('refuses %p', name => expect(isServiceName(name)).toBe(false));
});
