import type { Db } from '../db/knex.ts';

export class SessionsRepository {
  constructor(private readonly db: Db) {}

  async find(sid: string, now = new Date()): Promise<string | null> {
    const row = await this.db('sessions').where({ sid }).andWhere('expires_at', '>', now).first('sess');
    return row ? String(row.sess) : null;
  }

  async upsert(sid: string, sess: string, userId: number | null, expiresAt: Date): Promise<void> {
    await this.db('sessions')
      .insert({ sid, sess, user_id: userId, expires_at: expiresAt })
      .onConflict('sid')
      .merge(['sess', 'user_id', 'expires_at']);
  }

  async touch(sid: string, expiresAt: Date): Promise<void> {
    await this.db('sessions').where({ sid }).update({ expires_at: expiresAt });
  }

  async delete(sid: string): Promise<void> {
    await this.db('sessions').where({ sid }).delete();
  }

  /** Ends every session of a user at once (user_id is kept beside the session data for this). */
  async deleteByUser(userId: number): Promise<number> {
    return this.db('sessions').where({ user_id: userId }).delete();
  }

  async deleteExpired(now = new Date()): Promise<number> {
    return this.db('sessions').where('expires_at', '<=', now).delete();
  }
}
