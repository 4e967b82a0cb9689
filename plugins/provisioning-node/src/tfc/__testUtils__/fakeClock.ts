import { Clock } from '../backoff';

/**
 * A clock whose time only moves when someone sleeps: sleeps are recorded and
 * advance it at once. With `realMs`, each sleep also waits up to that many
 * real milliseconds, for tests where the other side (the simulator) moves in
 * real time.
 */
export function fakeClock(options: { realMs?: number } = {}) {
  let now = Date.parse('2025-01-10T10:00:00Z');
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async ms => {
      sleeps.push(ms);
      now += ms;
      const { realMs } = options;
      if (realMs) {
        await new Promise(resolve => setTimeout(resolve, Math.min(ms, realMs)));
      }
    },
  };
  return { clock, sleeps };
}
