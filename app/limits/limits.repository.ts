import { deleteBatch } from '../db/batches.ts';
import type { Db } from '../db/knex.ts';
import { LIMITS_TABLE, type LimitSpec } from './limiter.ts';

export interface ActiveBlock {
  /** As stored: `name:key` (Limiter.storedKey). */
  key: string;
  until: number;
}

/** Reads the shared limit counters (written through rate-limiter-flexible, app/limits/limiter.ts). */
export class LimitsRepository {
  constructor(private readonly db: Db) {}

  /** Keys of these limits that are at or over their limit now, with when their window ends. */
  async activeBlocks(specs: LimitSpec[], now = Date.now()): Promise<ActiveBlock[]> {
    if (specs.length === 0) return [];
    const rows = await this.db(LIMITS_TABLE)
      .where('expire', '>', now)
      .andWhere((where) => {
        for (const spec of specs) where.orWhere((one) => one.where('key', 'like', `${spec.name}:%`).andWhere('points', '>=', spec.points));
      })
      .select<{ key: string; expire: number | string }[]>('key', 'expire');
    return rows.map((row) => ({ key: row.key, until: Number(row.expire) }));
  }

  /** Removes up to `limit` counters whose window (or block) ended before `before`, epoch ms (the scheduled clean-up). */
  async deleteExpired(before: number, limit: number): Promise<number> {
    return deleteBatch(this.db, LIMITS_TABLE, 'key', (query) => query.where('expire', '<', before), limit);
  }
}
