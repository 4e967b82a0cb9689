import { mockServices } from '@internal/backend-test-stubs';
import { SignalCache } from './SignalCache';

describe('SignalCache', () => {
  it('loads once per key while fresh, concurrent callers included', async () => {
    const cache = new SignalCache(mockServices.cache(), 60_000);
    const load = jest.fn(async () => ({ n: 1 }));
    const [a, b] = await Promise.all([
      cache.getOrLoad('k', load),
      cache.getOrLoad('k', load),
    ]);
    expect(await cache.getOrLoad('k', load)).toEqual({ n: 1 });
    expect(a).toEqual(b);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('does not keep failures, so the next call tries again', async () => {
    const cache = new SignalCache(mockServices.cache(), 60_000);
    const load = jest
      .fn<Promise<number>, []>()
      .mockRejectedValueOnce(new Error('down'))
      .mockResolvedValueOnce(2);
    await expect(cache.getOrLoad('k', load)).rejects.toThrow('down');
    expect(await cache.getOrLoad('k', load)).toBe(2);
  });
});
