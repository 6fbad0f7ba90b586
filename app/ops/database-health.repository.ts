import type { Db } from '../db/knex.ts';

/** Connections of the pool (knex's tarn pool): in use, idle, and acquisitions waiting for one. */
export interface PoolUse {
  used: number;
  free: number;
  pending: number;
  max: number;
}

interface TarnPool {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
  max: number;
}

export class DatabaseTimeoutError extends Error {}

/** What the readiness probe and the metrics ask of the database: whether it answers, and how busy the pool is. */
export class DatabaseHealthRepository {
  constructor(private readonly db: Db) {}

  /** A trivial query, rejected when it fails or does not answer within `timeoutMs` (a pool exhausted, a frozen server). */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeoutError(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.db.raw('select 1'), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Undefined once the pool is destroyed. */
  poolUse(): PoolUse | undefined {
    const pool = (this.db.client as { pool?: TarnPool | null }).pool;
    if (!pool) return undefined;
    return { used: pool.numUsed(), free: pool.numFree(), pending: pool.numPendingAcquires(), max: pool.max };
  }
}
