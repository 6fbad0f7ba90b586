/**
 * Counts failed client authentications per key (a client id, an IP) in fixed windows. Only failures count, so a
 * well-behaved client is never throttled however many tokens it asks for. In memory; the server processes of one
 * instance share their failures (shared-throttles.ts).
 */
export class FailureThrottle {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private readonly listeners: Array<(key: string) => void> = [];

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

  /** A failure here: counted, and announced to the listeners (the other server processes). */
  fail(key: string, now = Date.now()): void {
    this.count(key, now);
    for (const listener of this.listeners) listener(key);
  }

  onFailure(listener: (key: string) => void): void {
    this.listeners.push(listener);
  }

  /** A failure another server process saw: counted, not announced again. */
  count(key: string, now = Date.now()): void {
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
