import { deleteBatch } from '../db/batches.ts';
import type { Db } from '../db/knex.ts';
import { toDate } from '../db/rows.ts';
import type { Permissao } from '../integrations/integrations.schemas.ts';

/**
 * What an entry refuses besides, from the end of a rotation's grace on: tokens for a secret created before
 * `validFromVersion` (the secret renewed with a grace, whose tokens work until then).
 */
export interface AfterGrace {
  validFromVersion: number;
  /** The end of the grace (epoch ms). */
  from: number;
}

/** What a key's entry in force refuses (RevocationCache): its latest entry's. */
export interface Standing {
  /** Tokens for a secret created before this epoch-ms instant are refused; null refuses every token. */
  validFromVersion: number | null;
  afterGrace: AfterGrace | null;
}

export interface Revocation extends Standing {
  id: number;
  clientId: string;
  /** A permission change's: the key's new permission, which caps its tokens' scopes (null on every other entry). */
  permissao: Permissao | null;
  /** When the entry was written (epoch ms): how long it took to reach each process is the revocation lag. */
  createdAt: number;
}

/**
 * Where the next read of the log starts. SQLite: the last id read (one writer at a time assigns ids in commit order).
 * PostgreSQL: the oldest transaction that was still running at the last read (`pg_snapshot_xmin`): every entry of an
 * older transaction had committed or rolled back by then, so entries of that one and newer ones are read again until
 * it is settled; the reader drops the repeats by id. Transaction ids stay below 2⁵³ for millennia.
 */
export type RevocationCursor = { afterId: number } | { fromTxid: number };

export interface RevocationRead {
  entries: Revocation[];
  cursor: RevocationCursor;
}

interface RevocationRow {
  id: number | string;
  client_id: string;
  valid_from_version: number | string | null;
  grace_valid_from_version: number | string | null;
  grace_ends_at: unknown;
  permissao: Permissao | null;
  created_at: unknown;
}

/** PostgreSQL's channel for revocations: each committed transaction that wrote some notifies it once. */
export const REVOCATIONS_CHANNEL = 'cidades_revocations';

const fromRow = (row: RevocationRow): Revocation => ({
  id: Number(row.id),
  clientId: row.client_id,
  validFromVersion: row.valid_from_version === null ? null : Number(row.valid_from_version),
  afterGrace:
    row.grace_valid_from_version === null
      ? null
      : { validFromVersion: Number(row.grace_valid_from_version), from: toDate(row.grace_ends_at).getTime() },
  permissao: row.permissao,
  createdAt: toDate(row.created_at).getTime(),
});

const COLUMNS = ['id', 'client_id', 'valid_from_version', 'grace_valid_from_version', 'grace_ends_at', 'permissao', 'created_at'];

/** A LISTEN connection to the revocation channel, outside the pool; `close` ends it. */
export interface RevocationSubscription {
  close(): Promise<void>;
}

interface ListenConnection {
  query(sql: string): Promise<unknown>;
  on(event: 'notification', listener: () => void): void;
  on(event: 'error' | 'end', listener: (err?: Error) => void): void;
  removeAllListeners(): void;
}

/** Drops our listeners from a connection being closed, keeping one for a late error, which would otherwise crash. */
function quiet(connection: ListenConnection): void {
  connection.removeAllListeners();
  connection.on('error', () => undefined);
}

/** Append-only: what each instance reads to refuse tokens of renewed, deleted or blocked keys. */
export class RevocationsRepository {
  private readonly postgres: boolean;

  constructor(private readonly db: Db) {
    this.postgres = db.client.config.client === 'pg';
  }

  /**
   * Appends an entry: from now on, tokens for a secret older than `validFromVersion` are refused (null: all), and
   * with `afterGrace` more once the grace ends; `permissao` for a permission change. On PostgreSQL, tells every
   * listening instance once the transaction commits.
   */
  async insert(
    clientId: string,
    validFromVersion: number | null,
    at = new Date(),
    afterGrace: AfterGrace | null = null,
    permissao: Permissao | null = null,
  ): Promise<Revocation> {
    const [row] = await this.db('credential_revocations')
      .insert({
        client_id: clientId,
        valid_from_version: validFromVersion,
        grace_valid_from_version: afterGrace?.validFromVersion ?? null,
        grace_ends_at: afterGrace ? new Date(afterGrace.from) : null,
        permissao,
        created_at: at,
      })
      .returning<RevocationRow[]>(COLUMNS);
    // Identical notifications of one transaction are delivered once, at commit, and never for a rollback.
    if (this.postgres) await this.db.raw('select pg_notify(?, ?)', [REVOCATIONS_CHANNEL, '']);
    return fromRow(row as RevocationRow);
  }

  /** The entries created since `since`, or whose grace ends after it (at start), and the cursor to read on from. */
  async readSince(since: Date): Promise<RevocationRead> {
    // Each cursor is taken before the entries are read, so that what commits in between is read next time.
    const settled = await this.settledTxid();
    const lastId = settled === undefined ? await this.lastId() : undefined;
    const query = this.db('credential_revocations').where((q) => q.where('created_at', '>=', since).orWhere('grace_ends_at', '>=', since));
    if (lastId !== undefined) query.andWhere('id', '<=', lastId);
    const rows = await query.orderBy('id').select<RevocationRow[]>(COLUMNS);
    return { entries: rows.map(fromRow), cursor: settled === undefined ? { afterId: lastId as number } : { fromTxid: settled } };
  }

  /** The entries at or after a cursor, oldest first (on PostgreSQL, some already read), and the next cursor. */
  async readFrom(cursor: RevocationCursor): Promise<RevocationRead> {
    if ('afterId' in cursor) {
      const rows = await this.db('credential_revocations').where('id', '>', cursor.afterId).orderBy('id').select<RevocationRow[]>(COLUMNS);
      const entries = rows.map(fromRow);
      return { entries, cursor: { afterId: entries.at(-1)?.id ?? cursor.afterId } };
    }
    // The horizon is taken before the entries are read: whatever committed before it is in this read.
    const settled = (await this.settledTxid()) as number;
    const rows = await this.db('credential_revocations')
      .where('txid', '>=', cursor.fromTxid)
      .orderBy('id')
      .select<RevocationRow[]>(COLUMNS);
    return { entries: rows.map(fromRow), cursor: { fromTxid: Math.max(settled, cursor.fromTxid) } };
  }

  /**
   * PostgreSQL: calls `onNotify` for each committed revocation transaction, on a connection of its own; `onLost` when
   * that connection fails (the caller reconnects). Undefined on SQLite, which has no notifications.
   */
  async subscribe(onNotify: () => void, onLost: (err: Error) => void): Promise<RevocationSubscription | undefined> {
    if (!this.postgres) return undefined;
    const client = this.db.client as {
      acquireRawConnection(): Promise<ListenConnection>;
      destroyRawConnection(c: ListenConnection): Promise<void>;
    };
    const connection = await client.acquireRawConnection();
    let closed = false;
    const lost = (err?: Error) => {
      if (closed) return;
      closed = true;
      quiet(connection);
      void client.destroyRawConnection(connection).catch(() => undefined);
      onLost(err ?? new Error('the LISTEN connection ended'));
    };
    connection.on('notification', onNotify);
    connection.on('error', lost);
    connection.on('end', lost);
    try {
      await connection.query(`LISTEN ${REVOCATIONS_CHANNEL}`);
    } catch (err) {
      closed = true;
      quiet(connection);
      await client.destroyRawConnection(connection).catch(() => undefined);
      throw err;
    }
    return {
      async close() {
        if (closed) return;
        closed = true;
        quiet(connection);
        await client.destroyRawConnection(connection);
      },
    };
  }

  /**
   * Removes up to `limit` entries created, and with any grace ended, before `before` (the scheduled clean-up). Readers
   * never miss a newer entry for it: ids only grow (a PostgreSQL sequence; SQLite's AUTOINCREMENT never hands out a
   * deleted id again), and a process reads from its cursor or, starting, only the entries of the last token lifetime.
   */
  async deleteBefore(before: Date, limit: number): Promise<number> {
    return deleteBatch(
      this.db,
      'credential_revocations',
      'id',
      (query) => query.where('created_at', '<', before).andWhere((q) => q.whereNull('grace_ends_at').orWhere('grace_ends_at', '<', before)),
      limit,
    );
  }

  /** PostgreSQL: the oldest transaction id still running (older ones have all committed or rolled back). */
  private async settledTxid(): Promise<number | undefined> {
    if (!this.postgres) return undefined;
    const result = (await this.db.raw('select pg_snapshot_xmin(pg_current_snapshot())::text::bigint as xmin')) as {
      rows: Array<{ xmin: string }>;
    };
    return Number(result.rows[0]?.xmin);
  }

  private async lastId(): Promise<number> {
    const row = (await this.db('credential_revocations').max({ id: 'id' }).first()) as { id: number | string | null } | undefined;
    return Number(row?.id ?? 0);
  }
}
