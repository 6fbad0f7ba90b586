/**
 * Counts failed client authentications per key (a client id, an IP) in fixed windows. Only failures count, so a
 * well-behaved client is never throttled however many tokens it asks for. Per instance, in memory.
 */
export class FailureThrottle {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait before trying again, or 0 when the key may try now. */
  retryAfter(key: string, now = Date.now()): number {
    const window = this.windows.get(key);
    if (!window) return 0;
    if (window.resetAt <= now) {
      this.windows.delete(key);
      return 0;
    }
    return window.count >= this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  fail(key: string, now = Date.now()): void {
    const window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      if (this.windows.size > 100_000) this.prune(now);
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs });
    } else {
      window.count += 1;
    }
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}
