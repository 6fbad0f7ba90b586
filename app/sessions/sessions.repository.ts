import { createHash } from 'node:crypto';
import type { Db } from '../db/knex.ts';
import { deleteBatch } from '../db/batches.ts';

/**
 * Sessions are stored under the SHA-256 of their id, never the id itself: a copy of the database gives no session to
 * ride. The id is 192 random bits (express-session's), so a plain hash cannot be reversed and needs no key.
 */
const keyOf = (sid: string) => ({ sid_hash: createHash('sha256').update(sid).digest('hex') });

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async find(sid: string, now = new Date()): Promise<string | null> {
    const row = await this.db('sessions').where(keyOf(sid)).andWhere('expires_at', '>', now).first('sess');
    return row ? String(row.sess) : null;
  }

  async upsert(sid: string, sess: string, userId: number | null, expiresAt: Date): Promise<void> {
    await this.db('sessions')
      .insert({ ...keyOf(sid), sess, user_id: userId, expires_at: expiresAt })
      .onConflict('sid_hash')
      .merge(['sess', 'user_id', 'expires_at']);
  }

  async touch(sid: string, expiresAt: Date): Promise<void> {
    await this.db('sessions').where(keyOf(sid)).update({ expires_at: expiresAt });
  }

  async delete(sid: string): Promise<void> {
    await this.db('sessions').where(keyOf(sid)).delete();
  }

  /** Ends every session of a user at once (user_id is kept beside the session data for this). */
  async deleteByUser(userId: number): Promise<number> {
    return this.db('sessions').where({ user_id: userId }).delete();
  }

  /** Removes up to `limit` sessions that expired by `now` (the scheduled clean-up). */
  async deleteExpired(now: Date, limit: number): Promise<number> {
    return deleteBatch(this.db, 'sessions', 'sid_hash', (query) => query.where('expires_at', '<=', now), limit);
  }
}
