/**
 * Keys refused until a given time, in memory: what the token endpoint checks before any lookup, so it makes no
 * database query for a request. Fed by the counts in the database (client-auth-limits.ts).
 */
export class BlockList {
  private readonly blocks = new Map<string, number>();
  private readonly listeners: Array<(key: string, until: number) => void> = [];

  /** Whether no key is refused: the token endpoint's every request then skips working out what it would look up. */
  get empty(): boolean {
    return this.blocks.size === 0;
  }

  /** Seconds until the key may try again, or 0 when it may try now. */
  secondsLeft(key: string, now = Date.now()): number {
    const until = this.blocks.get(key);
    if (until === undefined) return 0;
    if (until <= now) {
      this.blocks.delete(key);
      return 0;
    }
    return Math.ceil((until - now) / 1000);
  }

  /** A block this process counted itself: kept, and announced to the listeners (the other server processes). */
  announce(key: string, until: number): void {
    this.add(key, until);
    for (const listener of this.listeners) listener(key, until);
  }

  onAnnounce(listener: (key: string, until: number) => void): void {
    this.listeners.push(listener);
  }

  /** A block learnt from elsewhere (another process, the database): kept, not announced again. */
  add(key: string, until: number, now = Date.now()): void {
    if (until <= now || (this.blocks.get(key) ?? 0) >= until) return;
    if (this.blocks.size > 100_000) this.prune(now);
    this.blocks.set(key, until);
  }

  private prune(now: number): void {
    for (const [key, until] of this.blocks) if (until <= now) this.blocks.delete(key);
  }
}
