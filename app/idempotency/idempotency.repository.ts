import { deleteBatch } from '../db/batches.ts';
import type { Db } from '../db/knex.ts';

export interface IdempotencyRecord {
  fingerprint: string;
  /** The first response, as JSON. */
  response: string;
}

export interface NewIdempotencyRecord extends IdempotencyRecord {
  clientKey: string;
  idempotencyKey: string;
}

export class IdempotencyRepository {
  constructor(private readonly db: Db) {}

  async find(clientKey: string, idempotencyKey: string, notBefore: Date): Promise<IdempotencyRecord | undefined> {
    return this.db('idempotency_keys')
      .where({ client_key: clientKey, idempotency_key: idempotencyKey })
      .where('created_at', '>=', notBefore)
      .first<IdempotencyRecord | undefined>('fingerprint', 'response');
  }

  async insert(record: NewIdempotencyRecord, at = new Date()): Promise<void> {
    await this.db('idempotency_keys').insert({
      client_key: record.clientKey,
      idempotency_key: record.idempotencyKey,
      fingerprint: record.fingerprint,
      response: record.response,
      created_at: at,
    });
  }

  /** An expired key may be used again: its old record goes first. */
  async deleteExpired(clientKey: string, idempotencyKey: string, notBefore: Date): Promise<void> {
    await this.db('idempotency_keys')
      .where({ client_key: clientKey, idempotency_key: idempotencyKey })
      .where('created_at', '<', notBefore)
      .delete();
  }

  /** Removes up to `limit` records created before `before` (the scheduled clean-up of expired keys). */
  async deleteCreatedBefore(before: Date, limit: number): Promise<number> {
    return deleteBatch(this.db, 'idempotency_keys', 'id', (query) => query.where('created_at', '<', before), limit);
  }
}
