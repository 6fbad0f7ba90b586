import type { Db } from '../db/knex.ts';
import { isUniqueViolation } from '../db/errors.ts';

export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async get(key: string): Promise<string | null> {
    const row = await this.db('settings').where({ key }).first('value');
    return row ? String(row.value) : null;
  }

  /** Stores the value unless the key exists; returns whichever value is stored (safe when instances race). */
  async getOrInsert(key: string, value: string): Promise<string> {
    try {
      await this.db('settings').insert({ key, value, created_at: new Date() });
      return value;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await this.get(key)) ?? value;
    }
  }

  async set(key: string, value: string): Promise<void> {
    await this.db('settings').insert({ key, value, created_at: new Date() }).onConflict('key').merge(['value']);
  }

  /** Deletes the key only while it holds exactly `value`; false when it did not (already consumed or replaced). */
  async deleteIfValue(key: string, value: string): Promise<boolean> {
    return (await this.db('settings').where({ key, value }).delete()) === 1;
  }
}
