import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { searchable, whereContainsAny } from '../db/keyset.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { insertReturningId, toBool, toDate } from '../db/rows.ts';

export interface Ug {
  id: number;
  codigo: string;
  nome: string;
  cnpj: string;
  agregadoraId: number | null;
  ativa: boolean;
  /** The Tribunal's own organisation (at most one): only its keys may hold the `admin` scope. */
  tribunal: boolean;
}

/** A UG as other records mention it. */
export interface UgRef {
  id: number;
  codigo: string;
  nome: string;
}

export interface UgListItem extends Ug {
  agregadoraCodigo: string | null;
  gestorNome: string | null;
}

export interface Gestor {
  userId: number;
  nome: string;
  email: string;
  inicio: Date;
}

export interface UgListQuery {
  /** Restricts the list to the UGs this user is a member of; omitted for Sys Admins. */
  memberUserId?: number;
  q?: string;
  offset: number;
  limit: number;
}

/** Filters of the API's list of UGs; `ugIds` is the caller's visible set, so nothing else can match. */
export interface UgVisibleQuery extends PageRequest {
  ugIds: readonly number[];
  filters: { codigo?: string; agregadoraId?: number };
}

export interface UgRow {
  id: number;
  codigo: string;
  nome: string;
  cnpj: string;
  agregadora_id: number | null;
  ativa: unknown;
  tribunal: unknown;
}

/** What the UG search compares (unidades_gestoras.busca): código, nome and CNPJ, lower case without accents. */
export function ugSearchText(ug: { codigo: string; nome: string; cnpj: string }): string {
  return searchable(`${ug.codigo} ${ug.nome} ${ug.cnpj}`);
}

/** UGs (aliased `ug`) whose código, nome or CNPJ contains the text, accents and case aside; a CNPJ matches with or without its mask. */
export function whereUgMatches(query: Knex.QueryBuilder, text: string): void {
  whereContainsAny(query, 'ug.busca', [text, text.replace(/[.\-/]/g, '')]);
}

export function fromRow(row: UgRow): Ug {
  return {
    id: row.id,
    codigo: row.codigo,
    nome: row.nome,
    cnpj: row.cnpj,
    agregadoraId: row.agregadora_id,
    ativa: toBool(row.ativa),
    tribunal: toBool(row.tribunal),
  };
}

export class UgsRepository {
  constructor(private readonly db: Db) {}

  async insert(ug: Omit<Ug, 'id' | 'ativa' | 'tribunal'> & { tribunal?: boolean }): Promise<number> {
    const now = new Date();
    return insertReturningId(this.db('unidades_gestoras'), {
      codigo: ug.codigo,
      nome: ug.nome,
      cnpj: ug.cnpj,
      agregadora_id: ug.agregadoraId,
      busca: ugSearchText(ug),
      ativa: true,
      tribunal: ug.tribunal ? true : null,
      created_at: now,
      updated_at: now,
    });
  }

  async findById(id: number): Promise<Ug | null> {
    const row = await this.db('unidades_gestoras').where({ id }).first<UgRow | undefined>();
    return row ? fromRow(row) : null;
  }

  async count(): Promise<number> {
    const [row] = await this.db('unidades_gestoras').count<Array<{ n: number | string }>>({ n: '*' });
    return Number(row?.n ?? 0);
  }

  async findByCodigo(codigo: string): Promise<Ug | null> {
    const row = await this.db('unidades_gestoras').where({ codigo }).first<UgRow | undefined>();
    return row ? fromRow(row) : null;
  }

  async findByCnpj(cnpj: string): Promise<Ug | null> {
    const row = await this.db('unidades_gestoras').where({ cnpj }).first<UgRow | undefined>();
    return row ? fromRow(row) : null;
  }

  async list(query: UgListQuery): Promise<{ items: UgListItem[]; total: number }> {
    const base = this.db('unidades_gestoras as ug');
    if (query.memberUserId !== undefined) {
      base.whereIn('ug.id', this.db('ug_membros').select('ug_id').where('user_id', query.memberUserId));
    }
    if (query.q) whereUgMatches(base, query.q);
    const [countRow] = await base.clone().count<Array<{ n: number | string }>>({ n: '*' });
    const rows = await base
      .clone()
      .leftJoin('unidades_gestoras as ag', 'ag.id', 'ug.agregadora_id')
      .leftJoin('ug_gestores as g', (j) => j.on('g.ug_id', 'ug.id').andOnNull('g.fim'))
      .leftJoin('users as u', 'u.id', 'g.user_id')
      .orderBy('ug.nome')
      .orderBy('ug.id')
      .offset(query.offset)
      .limit(query.limit)
      .select<Array<UgRow & { agregadora_codigo: string | null; gestor_nome: string | null }>>(
        'ug.*',
        'ag.codigo as agregadora_codigo',
        'u.nome as gestor_nome',
      );
    return {
      items: rows.map((row) => ({ ...fromRow(row), agregadoraCodigo: row.agregadora_codigo, gestorNome: row.gestor_nome })),
      total: Number(countRow?.n ?? 0),
    };
  }

  async listVisible(query: UgVisibleQuery): Promise<Page<Ug>> {
    const base = this.db('unidades_gestoras').whereIn('id', query.ugIds);
    if (query.filters.codigo !== undefined) base.where('codigo', query.filters.codigo);
    if (query.filters.agregadoraId !== undefined) base.where('agregadora_id', query.filters.agregadoraId);
    return keysetPage(base, query, fromRow);
  }

  /** The UG and every UG aggregated under it, transitively (cycles are refused on write; `seen` guards anyway). */
  async selfAndDescendants(ugId: number): Promise<UgRef[]> {
    const seen = new Map<number, UgRef>();
    let frontier: UgRef[] = await this.db('unidades_gestoras').where({ id: ugId }).select('id', 'codigo', 'nome');
    while (frontier.length > 0) {
      for (const ug of frontier) seen.set(ug.id, ug);
      const children: UgRef[] = await this.db('unidades_gestoras')
        .whereIn(
          'agregadora_id',
          frontier.map((ug) => ug.id),
        )
        .select('id', 'codigo', 'nome');
      frontier = children.filter((ug) => !seen.has(ug.id));
    }
    return [...seen.values()].sort((a, b) => a.id - b.id);
  }

  async addMember(ugId: number, userId: number): Promise<void> {
    await this.db('ug_membros').insert({ ug_id: ugId, user_id: userId, created_at: new Date() }).onConflict(['ug_id', 'user_id']).ignore();
  }

  async isMember(ugId: number, userId: number): Promise<boolean> {
    const row = await this.db('ug_membros').where({ ug_id: ugId, user_id: userId }).first('id');
    return row !== undefined;
  }

  async currentGestor(ugId: number): Promise<Gestor | null> {
    const row = await this.db('ug_gestores as g')
      .join('users as u', 'u.id', 'g.user_id')
      .where('g.ug_id', ugId)
      .whereNull('g.fim')
      .first<{ user_id: number; nome: string; email: string; inicio: unknown } | undefined>('g.user_id', 'u.nome', 'u.email', 'g.inicio');
    return row ? { userId: row.user_id, nome: row.nome, email: row.email, inicio: toDate(row.inicio) } : null;
  }

  async replaceGestor(ugId: number, userId: number, at: Date): Promise<void> {
    await this.db('ug_gestores').where({ ug_id: ugId }).whereNull('fim').update({ fim: at });
    await this.db('ug_gestores').insert({ ug_id: ugId, user_id: userId, inicio: at });
  }
}
