import type { Db } from '../db/knex.ts';

export interface Revocation {
  id: number;
  clientId: string;
  /** Tokens for a secret created before this epoch-ms instant are refused; null refuses every token. */
  validFromVersion: number | null;
}

interface RevocationRow {
  id: number | string;
  client_id: string;
  valid_from_version: number | string | null;
}

const fromRow = (row: RevocationRow): Revocation => ({
  id: Number(row.id),
  clientId: row.client_id,
  validFromVersion: row.valid_from_version === null ? null : Number(row.valid_from_version),
});

/** Append-only: what each instance polls to refuse tokens of renewed, deleted or blocked keys. */
export class RevocationsRepository {
  constructor(private readonly db: Db) {}

  async insert(clientId: string, validFromVersion: number | null, at = new Date()): Promise<void> {
    await this.db('credential_revocations').insert({ client_id: clientId, valid_from_version: validFromVersion, created_at: at });
  }

  /** Entries after a given id, oldest first; at start, those created since `since`. */
  async listAfter(afterId: number, since: Date, limit: number): Promise<Revocation[]> {
    const rows = await this.db('credential_revocations')
      .where('id', '>', afterId)
      .andWhere('created_at', '>=', since)
      .orderBy('id')
      .limit(limit)
      .select<RevocationRow[]>('id', 'client_id', 'valid_from_version');
    return rows.map(fromRow);
  }

  async deleteBefore(before: Date): Promise<number> {
    return this.db('credential_revocations').where('created_at', '<', before).delete();
  }
}
