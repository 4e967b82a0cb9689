import { fullJitterDelayMs, requestedDelayMs } from './backoff';

describe('fullJitterDelayMs', () => {
  const options = { baseMs: 500, maxMs: 8000 };

  it('draws from [0, base * 2^retry)', () => {
    expect(fullJitterDelayMs(0, options, () => 0)).toBe(0);
    expect(fullJitterDelayMs(0, options, () => 0.5)).toBe(250);
    expect(fullJitterDelayMs(2, options, () => 0.5)).toBe(1000);
    expect(fullJitterDelayMs(2, options, () => 0.9999)).toBe(1999);
  });

  it('never waits longer than maxMs', () => {
    expect(fullJitterDelayMs(10, options, () => 0.9999)).toBe(7999);
  });
});

describe('requestedDelayMs', () => {
  const now = Date.parse('2025-01-10T10:00:00Z');
  const headers = (init: Record<string, string>) => new Headers(init);

  it('reads Retry-After in seconds', () => {
    expect(requestedDelayMs(headers({ 'Retry-After': '3' }), now)).toBe(3000);
  });

  it('reads Retry-After as an HTTP date', () => {
    expect(
      requestedDelayMs(
        headers({ 'Retry-After': 'Fri, 10 Jan 2025 10:00:05 GMT' }),
        now,
      ),
    ).toBe(5000);
    // A date in the past means "now".
    expect(
      requestedDelayMs(
        headers({ 'Retry-After': 'Fri, 10 Jan 2025 09:00:00 GMT' }),
        now,
      ),
    ).toBe(0);
  });

  it("reads Terraform Cloud's fractional x-ratelimit-reset", () => {
    expect(requestedDelayMs(headers({ 'X-RateLimit-Reset': '0.8' }), now)).toBe(
      800,
    );
  });

  it('prefers Retry-After and ignores what it cannot read', () => {
    expect(
      requestedDelayMs(
        headers({ 'Retry-After': '2', 'X-RateLimit-Reset': '0.8' }),
        now,
      ),
    ).toBe(2000);
    expect(requestedDelayMs(headers({ 'Retry-After': 'soon' }), now)).toBe(
      undefined,
    );
    expect(requestedDelayMs(headers({}), now)).toBe(undefined);
  });
});
