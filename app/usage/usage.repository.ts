import type { Db } from '../db/knex.ts';
import { deleteBatch } from '../db/batches.ts';

/** `token`: the token endpoint's requests; `api`: the API's authenticated requests. */
export type UsageMeasure = 'token' | 'api';

/** A count for a key on a day: of a measure (motivo '') or of its refusals for one reason. */
export interface UsageIncrement {
  clientId: string;
  /** AAAA-MM-DD, in the Tribunal's time zone. */
  dia: string;
  medida: UsageMeasure;
  motivo: string;
  n: number;
}

export interface UsageRow {
  dia: string;
  medida: UsageMeasure;
  motivo: string;
  total: number;
}

/** Well under SQLite's and PostgreSQL's limits on bound parameters (5 per row inserted). */
const CHUNK = 400;

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));

/** The keys' usage per day (uso_integracoes), added to by every process and instance. */
export class UsageRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds each count to its row, made if new, in one transaction: increments, never overwrites, so the counts of every
   * process add up. A key deleted meanwhile is skipped (its row's foreign key fails only if it goes between the two
   * steps, and then the batch is kept for the next flush, which skips it). Rows go in key order, so two instances'
   * flushes cannot deadlock.
   */
  async add(increments: readonly UsageIncrement[]): Promise<void> {
    if (increments.length === 0) return;
    // The ids are read before the transaction: one that reads before it writes cannot wait for SQLite's lock (busy).
    const ids = new Map<string, number>();
    for (const clientIds of chunks([...new Set(increments.map((i) => i.clientId))])) {
      const found = await this.db('integracoes')
        .whereIn('client_id', clientIds)
        .select<{ id: number; client_id: string }[]>('id', 'client_id');
      for (const row of found) ids.set(row.client_id, row.id);
    }
    const rows = increments
      .flatMap((i) => {
        const id = ids.get(i.clientId);
        return id === undefined ? [] : [{ integracao_id: id, dia: i.dia, medida: i.medida, motivo: i.motivo, total: i.n }];
      })
      .sort(
        (a, b) => a.integracao_id - b.integracao_id || compare(a.dia, b.dia) || compare(a.medida, b.medida) || compare(a.motivo, b.motivo),
      );
    if (rows.length === 0) return;
    await this.db.transaction(async (trx) => {
      for (const chunk of chunks(rows)) {
        await trx('uso_integracoes')
          .insert(chunk)
          .onConflict(['integracao_id', 'dia', 'medida', 'motivo'])
          .merge({ total: trx.raw('uso_integracoes.total + excluded.total') });
      }
    });
  }

  /** A key's rows from `from` to `to` (days, inclusive). */
  async between(integracaoId: number, from: string, to: string): Promise<UsageRow[]> {
    const rows = await this.db('uso_integracoes')
      .where('integracao_id', integracaoId)
      .andWhere('dia', '>=', from)
      .andWhere('dia', '<=', to)
      .select<{ dia: string; medida: UsageMeasure; motivo: string; total: number | string }[]>('dia', 'medida', 'motivo', 'total');
    // PostgreSQL answers a bigint as a string.
    return rows.map((row) => ({ ...row, total: Number(row.total) }));
  }

  /** Removes at most `limit` rows of days before `dia`. */
  deleteBefore(dia: string, limit: number): Promise<number> {
    return deleteBatch(this.db, 'uso_integracoes', 'id', (query) => query.where('dia', '<', dia), limit);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
