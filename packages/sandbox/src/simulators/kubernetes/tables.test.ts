import { humanDuration } from './tables';

describe('humanDuration', () => {
  // The cases of k8s.io/apimachinery/pkg/util/duration's tests.
  it.each([
    [-2_000, '<invalid>'],
    [0, '0s'],
    [90_000, '90s'],
    [150_000, '2m30s'],
    [600_000, '10m'],
    [3 * 3_600_000 + 5 * 60_000, '3h5m'],
    [10 * 3_600_000, '10h'],
    [50 * 3_600_000, '2d2h'],
    [10 * 24 * 3_600_000, '10d'],
    [(3 * 365 + 4) * 24 * 3_600_000, '3y4d'],
    [10 * 365 * 24 * 3_600_000, '10y'],
  ])('%d ms is %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
