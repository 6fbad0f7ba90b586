import type { Db } from '../db/knex.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { insertReturningId } from '../db/rows.ts';
import type { Funcao } from './responsaveis.schemas.ts';

export interface Responsavel {
  id: number;
  ugId: number;
  cpf: string;
  nome: string;
  funcao: Funcao;
  /** YYYY-MM-DD */
  inicio: string;
  fim: string | null;
}

export interface ResponsavelListQuery extends PageRequest {
  ugIds: readonly number[];
  /** `vigentesEm`: only those whose term includes this date (YYYY-MM-DD). */
  filters: { vigentesEm?: string; funcao?: Funcao };
}

interface ResponsavelRow {
  id: number;
  ug_id: number;
  cpf: string;
  nome: string;
  funcao: string;
  inicio: string;
  fim: string | null;
}

function fromRow(row: ResponsavelRow): Responsavel {
  return { id: row.id, ugId: row.ug_id, cpf: row.cpf, nome: row.nome, funcao: row.funcao as Funcao, inicio: row.inicio, fim: row.fim };
}

export class ResponsaveisRepository {
  constructor(private readonly db: Db) {}

  async insert(r: Omit<Responsavel, 'id'>): Promise<number> {
    const now = new Date();
    return insertReturningId(this.db('responsaveis'), {
      ug_id: r.ugId,
      cpf: r.cpf,
      nome: r.nome,
      funcao: r.funcao,
      inicio: r.inicio,
      fim: r.fim,
      created_at: now,
      updated_at: now,
    });
  }

  async findById(id: number): Promise<Responsavel | null> {
    const row = await this.db('responsaveis').where({ id }).first<ResponsavelRow | undefined>();
    return row ? fromRow(row) : null;
  }

  async list(query: ResponsavelListQuery): Promise<Page<Responsavel>> {
    const base = this.db('responsaveis').whereIn('ug_id', query.ugIds);
    const { vigentesEm, funcao } = query.filters;
    if (funcao !== undefined) base.where({ funcao });
    if (vigentesEm !== undefined)
      base.where('inicio', '<=', vigentesEm).andWhere((w) => w.whereNull('fim').orWhere('fim', '>=', vigentesEm));
    return keysetPage(base, query, fromRow);
  }
}
