import type { Db } from '../db/knex.ts';
import { toDate } from '../db/rows.ts';

export interface StoredSigningKey {
  id: number;
  kid: string;
  alg: string;
  publicJwk: string;
  privateJwkEncrypted: string;
  createdAt: Date;
}

interface SigningKeyRow {
  id: number;
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk_encrypted: string;
  created_at: unknown;
}

export class SigningKeysRepository {
  constructor(private readonly db: Db) {}

  async insert(key: Omit<StoredSigningKey, 'id' | 'createdAt'>, at = new Date()): Promise<void> {
    await this.db('signing_keys').insert({
      kid: key.kid,
      alg: key.alg,
      public_jwk: key.publicJwk,
      private_jwk_encrypted: key.privateJwkEncrypted,
      created_at: at,
    });
  }

  /** Every key, newest first: the first one signs, all are published. */
  async list(): Promise<StoredSigningKey[]> {
    const rows = await this.db('signing_keys').orderBy('id', 'desc').select<SigningKeyRow[]>('*');
    return rows.map((row) => ({
      id: row.id,
      kid: row.kid,
      alg: row.alg,
      publicJwk: row.public_jwk,
      privateJwkEncrypted: row.private_jwk_encrypted,
      createdAt: toDate(row.created_at),
    }));
  }

  async latestId(): Promise<number> {
    const row = await this.db('signing_keys').max<{ id: number | null }>({ id: 'id' }).first();
    return Number(row?.id ?? 0);
  }
}
