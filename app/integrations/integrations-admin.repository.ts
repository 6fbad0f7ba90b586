import type { Db } from '../db/knex.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { whereContains } from '../db/keyset.ts';
import { toBool } from '../db/rows.ts';
import type { UgRef } from '../ugs/ugs.repository.ts';
import { fromRow, withoutHash, type Integration, type IntegrationRow } from './integrations.repository.ts';
import type { Permissao } from './integrations.schemas.ts';

/** A key as the Sys Admin's list shows it: with the UG it belongs to. */
export interface AdminIntegration extends Integration {
  ug: UgRef;
  /** Whether its UG is active: a deactivated UG's keys get no token, nor a new secret. */
  ugAtiva: boolean;
}

export interface AdminIntegrationFilters {
  ugId?: number;
  /** The portal filters by the código people know; the API by the id its records carry. */
  ugCodigo?: string;
  bloqueada?: boolean;
  permissao?: Permissao;
  /** Text in the description or the client id (case-insensitive). */
  q?: string;
}

type AdminRow = IntegrationRow & { ug_codigo: string; ug_nome: string; ug_ativa: unknown };

function adminFromRow(row: AdminRow): AdminIntegration {
  return { ...withoutHash(fromRow(row)), ug: { id: row.ug_id, codigo: row.ug_codigo, nome: row.ug_nome }, ugAtiva: toBool(row.ug_ativa) };
}

/** The Sys Admin's view of every UG's keys, and the changes only a Sys Admin makes (block, unblock). */
export class IntegrationsAdminRepository {
  constructor(private readonly db: Db) {}

  async list(filters: AdminIntegrationFilters, page: PageRequest): Promise<Page<AdminIntegration>> {
    const base = this.db('integracoes as i')
      .join('unidades_gestoras as ug', 'ug.id', 'i.ug_id')
      .select<AdminRow[]>('i.*', 'ug.codigo as ug_codigo', 'ug.nome as ug_nome', 'ug.ativa as ug_ativa');
    if (filters.ugId !== undefined) base.where('i.ug_id', filters.ugId);
    if (filters.ugCodigo !== undefined) base.where('ug.codigo', filters.ugCodigo);
    if (filters.bloqueada !== undefined) base.where('i.bloqueada', filters.bloqueada);
    if (filters.permissao !== undefined) base.where('i.permissao', filters.permissao);
    if (filters.q) whereContains(base, 'i.busca', filters.q);
    return keysetPage(base, page, adminFromRow, 'i.id');
  }

  async find(id: number): Promise<AdminIntegration | null> {
    const row = await this.db('integracoes as i')
      .join('unidades_gestoras as ug', 'ug.id', 'i.ug_id')
      .where('i.id', id)
      .first<AdminRow | undefined>('i.*', 'ug.codigo as ug_codigo', 'ug.nome as ug_nome', 'ug.ativa as ug_ativa');
    return row ? adminFromRow(row) : null;
  }

  async block(id: number, motivo: string, at: Date): Promise<void> {
    await this.db('integracoes').where({ id }).update({ bloqueada: true, bloqueio_motivo: motivo, bloqueada_at: at });
  }

  async unblock(id: number, at: Date): Promise<void> {
    await this.db('integracoes').where({ id }).update({ bloqueada: false, bloqueio_motivo: null, desbloqueada_at: at });
  }
}
