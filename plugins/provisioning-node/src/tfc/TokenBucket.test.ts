import { fakeClock } from './__testUtils__/fakeClock';
import { TokenBucket } from './TokenBucket';

describe('TokenBucket', () => {
  it('lets a burst through, then spaces calls by the refill rate', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket({
      capacity: 2,
      refillPerMs: 1 / 1000,
      clock,
    });

    await bucket.take();
    await bucket.take();
    expect(sleeps).toEqual([]);

    await bucket.take();
    await bucket.take();
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('queues concurrent callers instead of letting them overdraw', async () => {
    // All three arrive at the same instant.
    const sleeps: number[] = [];
    const clock = {
      now: () => 0,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
    };
    const bucket = new TokenBucket({
      capacity: 1,
      refillPerMs: 1 / 1000,
      clock,
    });

    await Promise.all([bucket.take(), bucket.take(), bucket.take()]);

    // Reserved in order: now, after 1 s, after 2 s.
    expect(sleeps).toEqual([1000, 2000]);
  });

  it('refills while idle, up to its capacity', async () => {
    const { clock, sleeps } = fakeClock();
    const bucket = new TokenBucket({
      capacity: 2,
      refillPerMs: 1 / 1000,
      clock,
    });
    await bucket.take();
    await bucket.take();

    await clock.sleep(60_000);
    sleeps.length = 0;
    await bucket.take();
    await bucket.take();
    await bucket.take();

    expect(sleeps).toEqual([1000]);
  });
});
