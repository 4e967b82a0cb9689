import { Clock } from './backoff';

/**
 * A token bucket: up to `capacity` calls at once, then one call per
 * `1 / refillPerMs` ms. Callers that find it empty reserve the next token and
 * wait for it, so concurrent callers are served in order and never overdraw.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly options: {
      capacity: number;
      refillPerMs: number;
      clock: Clock;
    },
  ) {
    this.tokens = options.capacity;
    this.updatedAt = options.clock.now();
  }

  /** Resolves when the caller may make its call. */
  async take(): Promise<void> {
    const now = this.options.clock.now();
    this.tokens = Math.min(
      this.options.capacity,
      this.tokens + (now - this.updatedAt) * this.options.refillPerMs,
    );
    this.updatedAt = now;
    // Taking first and waiting for the debt lets the next caller see it.
    this.tokens -= 1;
    if (this.tokens < 0) {
      await this.options.clock.sleep(
        Math.ceil(-this.tokens / this.options.refillPerMs),
      );
    }
  }
}
