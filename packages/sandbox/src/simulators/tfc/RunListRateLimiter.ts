/**
 * Terraform Cloud's lower limit on listing a workspace's runs: 30 requests
 * per minute per user. A sliding window per token; rejected calls do not
 * count.
 */
export class RunListRateLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a call; returns undefined when it is allowed, else the ms until one will be. */
  take(token: string): number | undefined {
    const now = this.now();
    const recent = (this.calls.get(token) ?? []).filter(
      at => at > now - this.windowMs,
    );
    if (recent.length >= this.limit) {
      this.calls.set(token, recent);
      return recent[0] + this.windowMs - now;
    }
    recent.push(now);
    this.calls.set(token, recent);
    return undefined;
  }

  reset(): void {
    this.calls.clear();
  }
}
