import { RateLimiterPostgres, RateLimiterRes, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Db } from '../db/knex.ts';

/** The table every limit counts in (db/migrations/20261201_0010_auth_limits.ts). */
export const LIMITS_TABLE = 'auth_limits';

export interface LimitSpec {
  /** Prefix of this limit's keys in the table (`name:key`): letters, digits and hyphens (it is matched with LIKE). */
  name: string;
  /** Attempts allowed per window; the next one is refused. */
  points: number;
  windowSeconds: number;
}

export interface Count {
  /** Attempts in the current window, this one included. */
  count: number;
  /** The limit is reached: this attempt was the last allowed one, or beyond it. */
  reached: boolean;
  /** This attempt was beyond the limit (refused). */
  over: boolean;
  /** When the current window (or block) ends, epoch ms. */
  until: number;
}

/**
 * One limit counted atomically in the database (rate-limiter-flexible's PostgreSQL or SQLite store over our Knex
 * instance), so every process and every instance shares the count. The only code that knows the library.
 */
export class Limiter {
  private readonly store: RateLimiterAbstract;

  constructor(
    db: Db,
    readonly spec: LimitSpec,
  ) {
    const options = {
      storeClient: db,
      storeType: 'knex',
      tableName: LIMITS_TABLE,
      tableCreated: true,
      // Expired rows are removed by the scheduled clean-up (app/housekeeping/), which reports its errors.
      clearExpiredByTimeout: false,
      keyPrefix: spec.name,
      points: spec.points,
      duration: spec.windowSeconds,
    };
    const client = (db.client as { config: { client: string } }).config.client;
    this.store = client === 'pg' ? new RateLimiterPostgres(options) : new RateLimiterSQLite(options);
  }

  /** The key as stored (and as LimitsRepository.activeBlocks returns it). */
  storedKey(key: string): string {
    return `${this.spec.name}:${key}`;
  }

  /** Counts one attempt, atomically; rejects only when the database does. */
  async consume(key: string): Promise<Count> {
    try {
      return this.count(await this.store.consume(key));
    } catch (err) {
      if (err instanceof RateLimiterRes) return this.count(err);
      throw err;
    }
  }

  /** Refuses the key until `until` (epoch ms), whatever its count. */
  async block(key: string, until: number): Promise<void> {
    await this.store.block(key, Math.max(1, Math.ceil((until - Date.now()) / 1000)));
  }

  /** Gives one attempt back: one that turned out to be allowed (a successful sign-in). */
  async refund(key: string): Promise<void> {
    await this.store.reward(key, 1);
  }

  private count(res: RateLimiterRes): Count {
    return {
      count: res.consumedPoints,
      reached: res.consumedPoints >= this.spec.points,
      over: res.consumedPoints > this.spec.points,
      until: Date.now() + Math.max(res.msBeforeNext, 0),
    };
  }
}

/** Seconds from now until `until`, at least 1: a Retry-After value. */
export function secondsUntil(until: number, now = Date.now()): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}
