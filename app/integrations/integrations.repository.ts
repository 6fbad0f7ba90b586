import type { Knex } from 'knex';
import { searchable } from '../db/keyset.ts';
import type { Db } from '../db/knex.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { insertReturningId, toBool, toDate, toDateOrNull } from '../db/rows.ts';
import type { Permissao } from './integrations.schemas.ts';

/** A UG whose new gestor should renew the keys created before them (`keys`: how many). */
export interface RenewalDue {
  ugId: number;
  codigo: string;
  nome: string;
  keys: number;
}

/**
 * The secret a key had before its last renewal: still working until `validUntil` when renewed with a grace (`active`),
 * else ended then; with its own last use, so the key page shows when it stopped being used.
 */
export interface PreviousSecret {
  hint: string;
  createdAt: Date;
  validUntil: Date;
  /** Whether it still obtains tokens: its grace has not ended (as of the read). */
  active: boolean;
  usedAt: Date | null;
  usedIp: string | null;
}

export interface Integration {
  id: number;
  ugId: number;
  clientId: string;
  descricao: string;
  permissao: Permissao;
  secretHint: string;
  secretCreatedAt: Date;
  /** The current secret's own last use (`lastUsedAt` is the key's, by either secret). */
  secretUsedAt: Date | null;
  secretUsedIp: string | null;
  /** Null before the key's first renewal. */
  previousSecret: PreviousSecret | null;
  createdByUserId: number | null;
  createdByNome: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  bloqueada: boolean;
  bloqueioMotivo: string | null;
  /** May hold the `admin` scope (only keys of the Tribunal's UG; see IntegrationsAdminService). */
  admin: boolean;
}

export interface IntegrationWithHash extends Integration {
  secretHash: string;
}

/** What an edit changes of a key: its description, its permission, or both. */
export interface IntegrationEdit {
  descricao?: string;
  permissao?: Permissao;
}

export interface NewIntegration {
  ugId: number;
  clientId: string;
  descricao: string;
  permissao: Permissao;
  secretHash: string;
  secretHint: string;
  createdByUserId: number | null;
  createdByNome: string;
  admin?: boolean;
}

export interface IntegrationRow {
  id: number;
  ug_id: number;
  client_id: string;
  descricao: string;
  permissao: Permissao;
  secret_hash: string;
  secret_hint: string;
  secret_created_at: unknown;
  secret_used_at: unknown;
  secret_used_ip: string | null;
  previous_secret_hash: string | null;
  previous_secret_hint: string | null;
  previous_secret_created_at: unknown;
  previous_secret_valid_until: unknown;
  previous_secret_used_at: unknown;
  previous_secret_used_ip: string | null;
  created_by_user_id: number | null;
  created_by_nome: string;
  created_at: unknown;
  last_used_at: unknown;
  last_used_ip: string | null;
  bloqueada: unknown;
  bloqueio_motivo: string | null;
  admin: unknown;
}

function previousFromRow(row: IntegrationRow, now: number): PreviousSecret | null {
  if (row.previous_secret_hint === null) return null;
  const validUntil = toDate(row.previous_secret_valid_until);
  return {
    hint: row.previous_secret_hint,
    createdAt: toDate(row.previous_secret_created_at),
    validUntil,
    active: row.previous_secret_hash !== null && validUntil.getTime() > now,
    usedAt: toDateOrNull(row.previous_secret_used_at),
    usedIp: row.previous_secret_used_ip,
  };
}

export function fromRow(row: IntegrationRow, now = Date.now()): IntegrationWithHash {
  return {
    id: row.id,
    ugId: row.ug_id,
    clientId: row.client_id,
    descricao: row.descricao,
    permissao: row.permissao,
    secretHash: row.secret_hash,
    secretHint: row.secret_hint,
    secretCreatedAt: toDate(row.secret_created_at),
    secretUsedAt: toDateOrNull(row.secret_used_at),
    secretUsedIp: row.secret_used_ip,
    previousSecret: previousFromRow(row, now),
    createdByUserId: row.created_by_user_id,
    createdByNome: row.created_by_nome,
    createdAt: toDate(row.created_at),
    lastUsedAt: toDateOrNull(row.last_used_at),
    lastUsedIp: row.last_used_ip,
    bloqueada: toBool(row.bloqueada),
    bloqueioMotivo: row.bloqueio_motivo,
    admin: toBool(row.admin),
  };
}

export function withoutHash({ secretHash: _hash, ...integration }: IntegrationWithHash): Integration {
  return integration;
}

/** What the key search compares (integracoes.busca): descrição and client id, lower case without accents. */
export function integrationSearchText(key: { descricao: string; clientId: string }): string {
  return searchable(`${key.descricao} ${key.clientId}`);
}

export class IntegrationsRepository {
  constructor(private readonly db: Db) {}

  async insert(integration: NewIntegration, at = new Date()): Promise<number> {
    return insertReturningId(this.db('integracoes'), {
      ug_id: integration.ugId,
      client_id: integration.clientId,
      descricao: integration.descricao,
      busca: integrationSearchText(integration),
      permissao: integration.permissao,
      secret_hash: integration.secretHash,
      secret_hint: integration.secretHint,
      secret_created_at: at,
      created_by_user_id: integration.createdByUserId,
      created_by_nome: integration.createdByNome,
      created_at: at,
      bloqueada: false,
      admin: integration.admin ?? false,
    });
  }

  async findById(id: number): Promise<Integration | null> {
    const row = await this.db('integracoes').where({ id }).first<IntegrationRow | undefined>();
    return row ? withoutHash(fromRow(row)) : null;
  }

  async count(): Promise<number> {
    const [row] = await this.db('integracoes').count<Array<{ n: number | string }>>({ n: '*' });
    return Number(row?.n ?? 0);
  }

  /**
   * The active UGs of which the user is the current gestor and that hold keys whose secret predates that term, with
   * how many: where the new gestor is told to renew them, on landing.
   */
  async renewalDue(userId: number): Promise<RenewalDue[]> {
    const rows = await this.db('ug_gestores as g')
      .join('unidades_gestoras as ug', 'ug.id', 'g.ug_id')
      .join('integracoes as i', 'i.ug_id', 'g.ug_id')
      .where('g.user_id', userId)
      .whereNull('g.fim')
      .where('ug.ativa', true)
      .whereRaw('i.secret_created_at < g.inicio')
      .groupBy('ug.id', 'ug.codigo', 'ug.nome')
      .orderBy('ug.codigo')
      .select('ug.id', 'ug.codigo', 'ug.nome')
      .count<Array<{ id: number; codigo: string; nome: string; n: number | string }>>({ n: '*' });
    return rows.map((row) => ({ ugId: row.id, codigo: row.codigo, nome: row.nome, keys: Number(row.n) }));
  }

  /** Every key of the UG, newest first (the command line's list). */
  async listByUg(ugId: number): Promise<Integration[]> {
    return this.newestFirst(this.db('integracoes').where({ ug_id: ugId }));
  }

  /**
   * One page of the UG's keys, newest first (by id: a key's id and created_at both follow its creation); with
   * `secretBefore`, only the keys whose secret was created before then (those a new gestor should renew).
   */
  async pageByUg(ugId: number, page: PageRequest, secretBefore?: Date): Promise<Page<Integration>> {
    const base = this.db('integracoes').where({ ug_id: ugId }).select<IntegrationRow[]>('*');
    if (secretBefore) base.where('secret_created_at', '<', secretBefore);
    return keysetPage(base, page, (row: IntegrationRow) => withoutHash(fromRow(row)), 'id', 'desc');
  }

  private async newestFirst(query: Knex.QueryBuilder): Promise<Integration[]> {
    const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').select<IntegrationRow[]>('*');
    return rows.map((row) => withoutHash(fromRow(row)));
  }

  /**
   * Replaces the secret, which becomes the previous one: still working until `graceUntil` if given, else ended at
   * `at`; an older previous secret is dropped (it ends at once). With `expectedAt`, only the secret of that time
   * (false: it was replaced meanwhile).
   */
  async replaceSecret(
    id: number,
    secretHash: string,
    secretHint: string,
    { at = new Date(), expectedAt, graceUntil }: { at?: Date; expectedAt?: Date; graceUntil?: Date } = {},
  ): Promise<boolean> {
    const query = this.db('integracoes').where({ id });
    if (expectedAt) query.where({ secret_created_at: expectedAt });
    // Every column on the right of SET is read as it was before the statement, on both databases.
    const changed = await query.update({
      previous_secret_hash: graceUntil ? this.db.ref('secret_hash') : null,
      previous_secret_hint: this.db.ref('secret_hint'),
      previous_secret_created_at: this.db.ref('secret_created_at'),
      previous_secret_valid_until: graceUntil ?? at,
      previous_secret_used_at: this.db.ref('secret_used_at'),
      previous_secret_used_ip: this.db.ref('secret_used_ip'),
      secret_hash: secretHash,
      secret_hint: secretHint,
      secret_created_at: at,
      secret_used_at: null,
      secret_used_ip: null,
    });
    return changed > 0;
  }

  /** Ends the previous secret's grace at `at` (false: there was none running). */
  async endGrace(id: number, at = new Date()): Promise<boolean> {
    const changed = await this.db('integracoes')
      .where({ id })
      .whereNotNull('previous_secret_hash')
      .andWhere('previous_secret_valid_until', '>', at)
      .update({ previous_secret_hash: null, previous_secret_valid_until: at });
    return changed > 0;
  }

  /**
   * Changes the key's description and permission; with `expected`, only while it still has those (false: it was
   * changed, or deleted, meanwhile).
   */
  async update(id: number, changes: IntegrationEdit, expected?: Required<IntegrationEdit>): Promise<boolean> {
    const query = this.db('integracoes').where({ id });
    if (expected) query.where({ descricao: expected.descricao, permissao: expected.permissao });
    const row: Record<string, string> = {};
    if (changes.permissao !== undefined) row.permissao = changes.permissao;
    if (changes.descricao !== undefined) {
      const found = await this.db('integracoes').where({ id }).first<{ client_id: string } | undefined>('client_id');
      if (!found) return false;
      Object.assign(row, {
        descricao: changes.descricao,
        busca: integrationSearchText({ descricao: changes.descricao, clientId: found.client_id }),
      });
    }
    return (await query.update(row)) > 0;
  }

  async delete(id: number): Promise<void> {
    await this.db('integracoes').where({ id }).delete();
  }
}
