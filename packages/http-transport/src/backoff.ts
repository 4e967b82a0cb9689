/** Time source of a transport; tests inject a fake one. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms`; rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined = undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal!.reason);
      };
      timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * Exponential back-off with full jitter: a random delay in
 * [0, min(maxMs, baseMs * 2^retry)), so that many clients failing at once do
 * not retry in lock-step ("Exponential Backoff And Jitter", AWS Architecture
 * Blog). `retry` counts from 0.
 */
export function fullJitterDelayMs(
  retry: number,
  options: { baseMs: number; maxMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * How long a 429 or 503 answer asks us to wait, in milliseconds, or
 * undefined when it does not say. `Retry-After` is seconds or an HTTP date
 * (RFC 9110 §10.2.3); `X-RateLimit-Reset` (Terraform Cloud, GitHub-style
 * APIs send it as the fractional number of seconds until the limit resets,
 * e.g. "0.8") is the fallback.
 */
export function requestedDelayMs(
  headers: Headers,
  nowMs: number,
): number | undefined {
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) {
      return Math.ceil(Number(retryAfter) * 1000);
    }
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) {
      return Math.max(0, date - nowMs);
    }
  }
  const reset = headers.get('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    return Math.ceil(Number(reset) * 1000);
  }
  return undefined;
}
