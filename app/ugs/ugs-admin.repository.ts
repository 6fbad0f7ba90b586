import type { Db } from '../db/knex.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { toBool, toDate, toDateOrNull } from '../db/rows.ts';
import { fromRow, ugSearchText, whereUgMatches, type Gestor, type Ug, type UgRef, type UgRow } from './ugs.repository.ts';

/** A UG as the Sys Admin's pages and the admin API show it: with its agregadora and current gestor. */
export interface AdminUg extends Ug {
  agregadora: UgRef | null;
  gestor: Gestor | null;
}

export type Papel = 'gestor' | 'membro';

/** A member of a UG, by user id, with the role the UG gives them. */
export interface UgMember {
  id: number;
  nome: string;
  email: string;
  cpf: string | null;
  ativo: boolean;
  papel: Papel;
  desde: Date;
}

/** One term of a gestor; `fim` null for the current one. */
export interface GestorTerm {
  userId: number;
  nome: string;
  email: string;
  inicio: Date;
  fim: Date | null;
}

/** A user as a membership names them. */
export interface MemberUser {
  id: number;
  nome: string;
  email: string;
}

export type UserRef = { id: number } | { email: string } | { cpf: string };

export interface UgFields {
  codigo: string;
  nome: string;
  cnpj: string;
  agregadoraId: number | null;
}

type AdminUgRow = UgRow & {
  ag_codigo: string | null;
  ag_nome: string | null;
  g_user_id: number | null;
  g_nome: string | null;
  g_email: string | null;
  g_inicio: unknown;
};

function adminFromRow(row: AdminUgRow): AdminUg {
  const agregadora = row.agregadora_id === null ? null : { id: row.agregadora_id, codigo: row.ag_codigo ?? '', nome: row.ag_nome ?? '' };
  const gestor =
    row.g_user_id === null
      ? null
      : { userId: row.g_user_id, nome: row.g_nome ?? '', email: row.g_email ?? '', inicio: toDate(row.g_inicio) };
  return { ...fromRow(row), agregadora, gestor };
}

interface MemberRow {
  id: number;
  nome: string;
  email: string;
  cpf: string | null;
  ativo: unknown;
  created_at: unknown;
  gestor_inicio: unknown;
}

function memberFromRow(row: MemberRow): UgMember {
  const gestorSince = toDateOrNull(row.gestor_inicio);
  return {
    id: row.id,
    nome: row.nome,
    email: row.email,
    cpf: row.cpf,
    ativo: toBool(row.ativo),
    papel: gestorSince ? 'gestor' : 'membro',
    desde: gestorSince ?? toDate(row.created_at),
  };
}

/** Tables whose rows belong to a UG: any of them keeps the UG from being deleted. */
const UG_OWNED = ['ug_membros', 'integracoes', 'responsaveis', 'remessas', 'contratacoes', 'atos_admissao', 'concessoes_beneficio'];

/** The Sys Admin's reads and writes of UGs and their memberships. */
export class UgsAdminRepository {
  constructor(private readonly db: Db) {}

  list(q: string | undefined, page: PageRequest): Promise<Page<AdminUg>> {
    const base = this.adminUgs();
    if (q) whereUgMatches(base, q);
    return keysetPage(base, page, adminFromRow, 'ug.id');
  }

  async find(id: number): Promise<AdminUg | null> {
    const row = await this.adminUgs().where('ug.id', id).first<AdminUgRow | undefined>();
    return row ? adminFromRow(row) : null;
  }

  private adminUgs() {
    return this.db('unidades_gestoras as ug')
      .leftJoin('unidades_gestoras as ag', 'ag.id', 'ug.agregadora_id')
      .leftJoin('ug_gestores as g', (j) => j.on('g.ug_id', 'ug.id').andOnNull('g.fim'))
      .leftJoin('users as u', 'u.id', 'g.user_id')
      .select(
        'ug.*',
        'ag.codigo as ag_codigo',
        'ag.nome as ag_nome',
        'g.user_id as g_user_id',
        'u.nome as g_nome',
        'u.email as g_email',
        'g.inicio as g_inicio',
      );
  }

  async update(id: number, fields: UgFields, at: Date): Promise<void> {
    await this.db('unidades_gestoras')
      .where({ id })
      .update({
        codigo: fields.codigo,
        nome: fields.nome,
        cnpj: fields.cnpj,
        agregadora_id: fields.agregadoraId,
        busca: ugSearchText(fields),
        updated_at: at,
      });
  }

  /**
   * Deactivated, every previous secret of its keys still in a grace ends (reactivation restores the current secrets
   * only, as unblocking does).
   */
  async setAtiva(id: number, ativa: boolean, at: Date): Promise<void> {
    await this.db('unidades_gestoras')
      .where({ id })
      .update({ ativa, updated_at: at, ...(ativa ? { reativada_at: at } : {}) });
    if (ativa) return;
    await this.db('integracoes')
      .where({ ug_id: id })
      .whereNotNull('previous_secret_hash')
      .andWhere('previous_secret_valid_until', '>', at)
      .update({ previous_secret_hash: null, previous_secret_valid_until: at });
  }

  /** Whether anything belongs to the UG: members, keys, data, or UGs it aggregates. */
  async inUse(id: number): Promise<boolean> {
    for (const table of UG_OWNED) {
      if (await this.db(table).where({ ug_id: id }).first('id')) return true;
    }
    return (await this.db('unidades_gestoras').where({ agregadora_id: id }).first('id')) !== undefined;
  }

  async delete(id: number): Promise<void> {
    await this.db('ug_gestores').where({ ug_id: id }).delete();
    await this.db('unidades_gestoras').where({ id }).delete();
  }

  /**
   * The UG's keys (what a deactivation revokes and a reactivation restores), locked until the transaction ends (PostgreSQL): a renewal or unblock of one of them then commits
   * before or after the deactivation, never around it, so each key's revocation entries follow commit order.
   */
  async keys(ugId: number): Promise<Array<{ clientId: string; bloqueada: boolean }>> {
    const rows = await this.db('integracoes')
      .where({ ug_id: ugId })
      .orderBy('id')
      .forUpdate()
      .select<Array<{ client_id: string; bloqueada: unknown }>>('client_id', 'bloqueada');
    return rows.map((row) => ({ clientId: row.client_id, bloqueada: toBool(row.bloqueada) }));
  }

  members(ugId: number, page: PageRequest): Promise<Page<UgMember>> {
    return keysetPage(this.memberRows(ugId), page, memberFromRow, 'u.id');
  }

  async member(ugId: number, userId: number): Promise<UgMember | null> {
    const row = await this.memberRows(ugId).where('u.id', userId).first<MemberRow | undefined>();
    return row ? memberFromRow(row) : null;
  }

  private memberRows(ugId: number) {
    return this.db('ug_membros as m')
      .join('users as u', 'u.id', 'm.user_id')
      .leftJoin('ug_gestores as g', (j) => j.on('g.ug_id', 'm.ug_id').andOn('g.user_id', 'm.user_id').andOnNull('g.fim'))
      .where('m.ug_id', ugId)
      .select('u.id', 'u.nome', 'u.email', 'u.cpf', 'u.ativo', 'm.created_at', 'g.inicio as gestor_inicio');
  }

  async removeMember(ugId: number, userId: number): Promise<void> {
    await this.db('ug_membros').where({ ug_id: ugId, user_id: userId }).delete();
  }

  async gestorHistory(ugId: number): Promise<GestorTerm[]> {
    const rows = await this.db('ug_gestores as g')
      .join('users as u', 'u.id', 'g.user_id')
      .where('g.ug_id', ugId)
      .orderBy('g.inicio', 'desc')
      .orderBy('g.id', 'desc')
      .select<Array<{ user_id: number; nome: string; email: string; inicio: unknown; fim: unknown }>>(
        'g.user_id',
        'u.nome',
        'u.email',
        'g.inicio',
        'g.fim',
      );
    return rows.map((row) => ({
      userId: row.user_id,
      nome: row.nome,
      email: row.email,
      inicio: toDate(row.inicio),
      fim: toDateOrNull(row.fim),
    }));
  }

  async findUser(ref: UserRef): Promise<MemberUser | null> {
    const row = await this.db('users').where(ref).first<MemberUser | undefined>('id', 'nome', 'email');
    return row ?? null;
  }
}
