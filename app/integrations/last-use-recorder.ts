import type { TokenClientsRepository } from '../oauth/token-clients.repository.ts';

const MIN_INTERVAL_PER_KEY_MS = 60_000;
export const FLUSH_INTERVAL_MS = 2_000;

/**
 * "Último uso" of each key (time, to the second, and IP of its latest token), written at most once a minute per key
 * and in one transaction every couple of seconds: the token endpoint never waits for, or pays one UPDATE per, a write.
 */
export class LastUseRecorder {
  private readonly lastRecorded = new Map<string, number>();
  private pending = new Map<string, { at: Date; ip: string | null }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tokenClients: TokenClientsRepository) {}

  record(clientId: string, ip: string | null, now = Date.now()): void {
    const last = this.lastRecorded.get(clientId);
    if (last !== undefined && now - last < MIN_INTERVAL_PER_KEY_MS) return;
    this.lastRecorded.set(clientId, now);
    this.pending.set(clientId, { at: new Date(now), ip });
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // Grouped by second and IP: with many keys, one UPDATE per group instead of one per key.
    const groups = new Map<string, { at: Date; ip: string | null; clientIds: string[] }>();
    for (const [clientId, use] of batch) {
      const second = Math.floor(use.at.getTime() / 1000);
      const key = `${second} ${use.ip ?? ''}`;
      const group = groups.get(key) ?? { at: new Date(second * 1000), ip: use.ip, clientIds: [] };
      group.clientIds.push(clientId);
      groups.set(key, group);
    }
    try {
      await this.tokenClients.recordUses(groups.values());
    } catch (err) {
      // Kept for the next flush (the database away, say), unless a later use of the key is pending by then.
      for (const [clientId, use] of batch) if (!this.pending.has(clientId)) this.pending.set(clientId, use);
      throw err;
    }
  }

  start(onError: (err: unknown) => void): void {
    this.timer ??= setInterval(() => void this.flush().catch(onError), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
