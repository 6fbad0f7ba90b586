import { dateIn, TIME_ZONE } from '../time-zone.ts';
import type { UsageIncrement, UsageMeasure, UsageRepository } from './usage.repository.ts';

export const USAGE_FLUSH_INTERVAL_MS = 5_000;

/**
 * Each key's tokens, API calls and refusals per day, counted in memory and added to the database every few seconds in
 * one transaction (one upsert per key, day, measure and reason): a request pays a Map increment, never a write. Only
 * known keys are counted (the callers pass a client id the provider or the verifier has found), so the counts stay
 * bounded by the keys, days and reasons.
 */
export class UsageCounter {
  private pending = new Map<string, UsageIncrement>();
  private timer: NodeJS.Timeout | undefined;
  /** Flushes under way: stopping waits for them before the last one. */
  private readonly writing = new Set<Promise<void>>();
  /** The day of the last minute counted: the day is looked up once a minute, not per request. */
  private minute = Number.NaN;
  private day = '';

  constructor(
    private readonly usage: Pick<UsageRepository, 'add'>,
    private readonly timeZone = TIME_ZONE,
  ) {}

  tokenIssued(clientId: string, now = Date.now()): void {
    this.count(clientId, 'token', '', now);
  }

  /** A token request of a known key refused, by the error code answered (the token metrics' reason). */
  tokenRefused(clientId: string, reason: string, now = Date.now()): void {
    this.count(clientId, 'token', reason, now);
  }

  /** An authenticated API request. */
  apiCall(clientId: string, now = Date.now()): void {
    this.count(clientId, 'api', '', now);
  }

  /** An authenticated API request answered with an error, by its status. */
  apiRefused(clientId: string, status: number, now = Date.now()): void {
    this.count(clientId, 'api', String(status), now);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const writing = this.usage.add([...batch.values()]);
    this.writing.add(writing);
    try {
      await writing;
    } catch (err) {
      // Kept for the next flush (the database away, say), added to what was counted meanwhile.
      for (const [key, increment] of batch) {
        const later = this.pending.get(key);
        if (later) later.n += increment.n;
        else this.pending.set(key, increment);
      }
      throw err;
    } finally {
      this.writing.delete(writing);
    }
  }

  start(onError: (err: unknown) => void): void {
    this.timer ??= setInterval(() => void this.flush().catch(onError), USAGE_FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the timer and writes what is pending (a flush under way included). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled(this.writing);
    await this.flush();
  }

  private count(clientId: string, medida: UsageMeasure, motivo: string, now: number): void {
    const dia = this.dayOf(now);
    const key = `${clientId} ${dia} ${medida} ${motivo}`;
    const found = this.pending.get(key);
    if (found) found.n += 1;
    else this.pending.set(key, { clientId, dia, medida, motivo, n: 1 });
  }

  /** Days change on a whole minute in every time zone in use, the Tribunal's included. */
  private dayOf(now: number): string {
    const minute = Math.floor(now / 60_000);
    if (minute !== this.minute) {
      this.minute = minute;
      this.day = dateIn(this.timeZone, new Date(now));
    }
    return this.day;
  }
}
