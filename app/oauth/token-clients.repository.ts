import type { Db } from '../db/knex.ts';
import { toBool, toDate, toDateOrNull } from '../db/rows.ts';
import type { Permissao } from '../integrations/integrations.schemas.ts';
import type { Standing } from './revocations.repository.ts';

/** The secret a key had before its last renewal, while a grace lets it still work. */
export interface PreviousSecret {
  secretHash: string;
  /** When it stops working (epoch ms). */
  validUntil: number;
  /** Its creation (epoch ms): which secret a use was made with. */
  createdAt: number;
  /** The credential version its tokens carry (as `secretVersion`, for this secret): always below the current one. */
  version: number;
}

/** What the token endpoint needs to authenticate a client and fill its token's claims. */
export interface TokenClient {
  clientId: string;
  secretHash: string;
  permissao: Permissao;
  bloqueada: boolean;
  ugId: number;
  ugCodigo: string;
  /** Whether its UG is active: a deactivated UG's keys obtain no tokens. */
  ugAtiva: boolean;
  /** Granted the `admin` scope: an admin key of a UG still marked as the Tribunal's. */
  admin: boolean;
  /**
   * The current credential's version (epoch ms): its secret's creation or, if later, its last unblocking or its UG's
   * last reactivation. Tokens carry it, revocations compare against it, so an unblocked key's new tokens pass while
   * those from before its block do not.
   */
  secretVersion: number;
  /** The current secret's creation (epoch ms): which secret a use was made with. */
  secretCreatedAt: number;
  /** The previous secret while its grace lasts (as read: the token endpoint checks `validUntil` at each use). */
  previousSecret: PreviousSecret | null;
}

interface TokenClientRow {
  client_id: string;
  secret_hash: string;
  permissao: Permissao;
  bloqueada: unknown;
  ug_id: number;
  codigo: string;
  secret_created_at: unknown;
  desbloqueada_at: unknown;
  admin: unknown;
  tribunal: unknown;
  ativa: unknown;
  reativada_at: unknown;
  previous_secret_hash: string | null;
  previous_secret_created_at: unknown;
  previous_secret_valid_until: unknown;
}

function tokenClientFromRow(row: TokenClientRow): TokenClient {
  // Unblocking and reactivation move every secret's version to their time (see below); a block or a deactivation
  // ends any grace, so a previous secret still working is always older than both.
  const reopened = Math.max(toDateOrNull(row.desbloqueada_at)?.getTime() ?? 0, toDateOrNull(row.reativada_at)?.getTime() ?? 0);
  const secretCreatedAt = toDate(row.secret_created_at).getTime();
  const previousCreatedAt = toDateOrNull(row.previous_secret_created_at)?.getTime();
  return {
    clientId: row.client_id,
    secretHash: row.secret_hash,
    permissao: row.permissao,
    bloqueada: toBool(row.bloqueada),
    ugId: row.ug_id,
    ugCodigo: row.codigo,
    ugAtiva: toBool(row.ativa),
    admin: toBool(row.admin) && toBool(row.tribunal),
    secretVersion: Math.max(secretCreatedAt, reopened),
    secretCreatedAt,
    previousSecret:
      row.previous_secret_hash === null || previousCreatedAt === undefined
        ? null
        : {
            secretHash: row.previous_secret_hash,
            validUntil: toDate(row.previous_secret_valid_until).getTime(),
            createdAt: previousCreatedAt,
            version: Math.max(previousCreatedAt, reopened),
          },
  };
}

/**
 * The revocation entry that refuses exactly what the key's state refuses at `now`: every token of a blocked key or of
 * a deactivated UG's; otherwise those of secrets older than the current one, or, while a grace lasts, older than the
 * previous one until the grace ends and older than the current one from then on. Written after every change to a key
 * (of two entries for one key the later wins), so each process rebuilds its client and refuses what it must.
 */
export function standingOf(client: TokenClient | null, now = Date.now()): Standing {
  if (!client || client.bloqueada || !client.ugAtiva) return { validFromVersion: null, afterGrace: null };
  const previous = client.previousSecret;
  if (previous && previous.validUntil > now)
    return { validFromVersion: previous.version, afterGrace: { validFromVersion: client.secretVersion, from: previous.validUntil } };
  return { validFromVersion: client.secretVersion, afterGrace: null };
}

/** Well under SQLite's and PostgreSQL's limits on bound parameters (two per use). */
const IN_LIST_CHUNK = 250;

/** A token obtained with one of a key's secrets, known by the secret's creation (epoch ms). */
export interface SecretUse {
  clientId: string;
  secretCreatedAt: number;
}

/** Uses at the same instant (to the second) from the same IP. */
export interface UseGroup {
  uses: SecretUse[];
  at: Date;
  ip: string | null;
}

/**
 * The keys as the token endpoint reads them (a key with its UG's state, by client id) and their "último uso", which
 * it records. The key lifecycle itself (create, renew, delete) is IntegrationsRepository's.
 */
export class TokenClientsRepository {
  constructor(private readonly db: Db) {}

  async find(clientId: string): Promise<TokenClient | null> {
    const row = await this.tokenClients().where('i.client_id', clientId).first<TokenClientRow | undefined>();
    return row ? tokenClientFromRow(row) : null;
  }

  /** Keys that may obtain tokens (not blocked, of an active UG), by client id, a page at a time. */
  async listActive(afterClientId: string, limit: number): Promise<TokenClient[]> {
    const rows = await this.tokenClients()
      .where('i.client_id', '>', afterClientId)
      .andWhere('i.bloqueada', false)
      .andWhere('ug.ativa', true)
      .orderBy('i.client_id')
      .limit(limit)
      .select<TokenClientRow[]>();
    return rows.map(tokenClientFromRow);
  }

  private tokenClients() {
    return this.db('integracoes as i')
      .join('unidades_gestoras as ug', 'ug.id', 'i.ug_id')
      .column(
        'i.client_id',
        'i.secret_hash',
        'i.permissao',
        'i.bloqueada',
        'i.ug_id',
        'ug.codigo',
        'i.secret_created_at',
        'i.desbloqueada_at',
        'i.admin',
        'ug.tribunal',
        'ug.ativa',
        'ug.reativada_at',
        'i.previous_secret_hash',
        'i.previous_secret_created_at',
        'i.previous_secret_valid_until',
      );
  }

  /**
   * The uses made at the same instant from the same IP, each by a key's secret (known by its creation): the key's
   * "último uso" and that secret's own, wherever it now is (current, or previous after a renewal meanwhile). Three
   * statements per chunk of keys, whatever their number.
   */
  async recordUse(uses: SecretUse[], at: Date, ip: string | null): Promise<void> {
    for (let i = 0; i < uses.length; i += IN_LIST_CHUNK) {
      const chunk = uses.slice(i, i + IN_LIST_CHUNK);
      await this.db('integracoes')
        .whereIn(
          'client_id',
          chunk.map((use) => use.clientId),
        )
        .update({ last_used_at: at, last_used_ip: ip });
      const pairs = chunk.map((use) => [use.clientId, new Date(use.secretCreatedAt)]);
      await this.db('integracoes').whereIn(['client_id', 'secret_created_at'], pairs).update({ secret_used_at: at, secret_used_ip: ip });
      await this.db('integracoes')
        .whereIn(['client_id', 'previous_secret_created_at'], pairs)
        .update({ previous_secret_used_at: at, previous_secret_used_ip: ip });
    }
  }

  /** Several groups of uses (same instant and IP each) in one transaction. */
  async recordUses(groups: Iterable<UseGroup>): Promise<void> {
    await this.db.transaction(async (trx) => {
      const clients = new TokenClientsRepository(trx);
      for (const { uses, at, ip } of groups) await clients.recordUse(uses, at, ip);
    });
  }
}
