import type { Db } from '../db/knex.ts';
import { toBool, toDate, toDateOrNull } from '../db/rows.ts';
import type { Permissao } from '../integrations/integrations.schemas.ts';

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
}

function tokenClientFromRow(row: TokenClientRow): TokenClient {
  return {
    clientId: row.client_id,
    secretHash: row.secret_hash,
    permissao: row.permissao,
    bloqueada: toBool(row.bloqueada),
    ugId: row.ug_id,
    ugCodigo: row.codigo,
    ugAtiva: toBool(row.ativa),
    admin: toBool(row.admin) && toBool(row.tribunal),
    secretVersion: Math.max(
      toDate(row.secret_created_at).getTime(),
      toDateOrNull(row.desbloqueada_at)?.getTime() ?? 0,
      toDateOrNull(row.reativada_at)?.getTime() ?? 0,
    ),
  };
}

/** Well under SQLite's and PostgreSQL's limits on bound parameters. */
const IN_LIST_CHUNK = 500;

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
      );
  }

  /** One statement for every key last used at the same instant from the same IP. */
  async recordUse(clientIds: string[], at: Date, ip: string | null): Promise<void> {
    for (let i = 0; i < clientIds.length; i += IN_LIST_CHUNK) {
      await this.db('integracoes')
        .whereIn('client_id', clientIds.slice(i, i + IN_LIST_CHUNK))
        .update({ last_used_at: at, last_used_ip: ip });
    }
  }

  /** Several groups of uses (same instant and IP each) in one transaction. */
  async recordUses(groups: Iterable<{ clientIds: string[]; at: Date; ip: string | null }>): Promise<void> {
    await this.db.transaction(async (trx) => {
      const clients = new TokenClientsRepository(trx);
      for (const { clientIds, at, ip } of groups) await clients.recordUse(clientIds, at, ip);
    });
  }
}
