import type { Db } from '../db/knex.ts';

/**
 * The leases of the jobs that run once per instance group: one row per job, held by one process until it expires. Each
 * statement is one conditional upsert or delete, atomic on SQLite and PostgreSQL alike, so two processes that race
 * for a free or expired lease cannot both get it.
 */
export class JobLeasesRepository {
  constructor(private readonly db: Db) {}

  /**
   * Takes the lease `name` for `holder` until `expiresAt`, or extends it if `holder` has it already; true when
   * `holder` holds it now. Refused (false) while another holder's lease has not expired at `now`.
   */
  async acquire(name: string, holder: string, now: Date, expiresAt: Date): Promise<boolean> {
    const rows = await this.db('job_leases')
      .insert({ name, holder, expires_at: expiresAt })
      .onConflict('name')
      .merge({ holder, expires_at: expiresAt })
      .where('job_leases.holder', holder)
      .orWhere('job_leases.expires_at', '<=', now)
      .returning('holder');
    return rows.length === 1;
  }

  /** Gives the lease up, if `holder` still has it: another process may take it at its next tick. */
  async release(name: string, holder: string): Promise<void> {
    await this.db('job_leases').where({ name, holder }).delete();
  }
}
