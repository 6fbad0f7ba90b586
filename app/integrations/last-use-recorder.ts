import type { SecretUse, TokenClientsRepository, UseGroup } from '../oauth/token-clients.repository.ts';

const MIN_INTERVAL_PER_SECRET_MS = 60_000;
export const FLUSH_INTERVAL_MS = 2_000;

interface PendingUse extends SecretUse {
  at: Date;
  ip: string | null;
}

/**
 * "Último uso" of each key and of each of its secrets (time, to the second, and IP of its latest token), written at
 * most once a minute per secret and in one transaction every couple of seconds: the token endpoint never waits for, or
 * pays one UPDATE per, a write.
 */
export class LastUseRecorder {
  private readonly lastRecorded = new Map<string, number>();
  private pending = new Map<string, PendingUse>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly tokenClients: TokenClientsRepository) {}

  /** A token obtained with the key's secret created at `secretCreatedAt` (epoch ms). */
  record(clientId: string, secretCreatedAt: number, ip: string | null, now = Date.now()): void {
    const key = `${clientId} ${secretCreatedAt}`;
    const last = this.lastRecorded.get(key);
    if (last !== undefined && now - last < MIN_INTERVAL_PER_SECRET_MS) return;
    this.lastRecorded.set(key, now);
    this.pending.set(key, { clientId, secretCreatedAt, at: new Date(now), ip });
  }

  async flush(now = Date.now()): Promise<void> {
    // Each secret's last recording matters for a minute only: the map holds the secrets used in the last minute.
    for (const [key, at] of this.lastRecorded) if (now - at >= MIN_INTERVAL_PER_SECRET_MS) this.lastRecorded.delete(key);
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    // Grouped by second and IP: with many keys, one UPDATE per group instead of one per key.
    const groups = new Map<string, UseGroup>();
    for (const use of batch.values()) {
      const second = Math.floor(use.at.getTime() / 1000);
      const key = `${second} ${use.ip ?? ''}`;
      const group = groups.get(key) ?? { at: new Date(second * 1000), ip: use.ip, uses: [] };
      group.uses.push({ clientId: use.clientId, secretCreatedAt: use.secretCreatedAt });
      groups.set(key, group);
    }
    try {
      await this.tokenClients.recordUses(groups.values());
    } catch (err) {
      // Kept for the next flush (the database away, say), unless a later use of the secret is pending by then.
      for (const [key, use] of batch) if (!this.pending.has(key)) this.pending.set(key, use);
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
