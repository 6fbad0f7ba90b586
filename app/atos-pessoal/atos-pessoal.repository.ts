import type { Knex } from 'knex';
import type { Db } from '../db/knex.ts';
import { whereEquals, whereIdIn, type KeysetQuery } from '../db/keyset.ts';
import { keysetPage, type Page } from '../db/page.ts';
import { toDate, toIsoDateOrNull } from '../db/rows.ts';
import type { SituacaoAto } from './atos-pessoal.codes.ts';
import type { AtoFilters } from './atos-pessoal.schemas.ts';
import { scopeUgIds } from '../ugs/ug-scope.ts';

export interface Pessoa {
  cpf: string;
  nome: string;
}

/** What atos de admissão and concessões share: the Tribunal's process, certidão, decisão and reference year. */
export interface AtoDePessoal {
  id: number;
  ugId: number;
  numeroProcesso: string | null;
  numeroCertidao: string | null;
  numeroDecisao: string | null;
  anoReferencia: number;
  dataPublicacao: string | null;
  situacao: SituacaoAto;
  createdAt: Date;
  updatedAt: Date;
}

export type NewAto<T extends AtoDePessoal> = Omit<T, 'id' | 'createdAt' | 'updatedAt'> & { at: Date };

export type AtoRow = Record<string, unknown> & { id: number; ug_id: number };

export function atoFromRow(row: AtoRow): AtoDePessoal {
  return {
    id: row.id,
    ugId: row.ug_id,
    numeroProcesso: row.numero_processo as string | null,
    numeroCertidao: row.numero_certidao as string | null,
    numeroDecisao: row.numero_decisao as string | null,
    anoReferencia: Number(row.ano_referencia),
    dataPublicacao: toIsoDateOrNull(row.data_publicacao),
    situacao: row.situacao as SituacaoAto,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function atoToRow(ato: NewAto<AtoDePessoal>): Record<string, unknown> {
  return {
    ug_id: ato.ugId,
    numero_processo: ato.numeroProcesso,
    numero_certidao: ato.numeroCertidao,
    numero_decisao: ato.numeroDecisao,
    ano_referencia: ato.anoReferencia,
    data_publicacao: ato.dataPublicacao,
    situacao: ato.situacao,
    created_at: ato.at,
    updated_at: ato.at,
  };
}

/**
 * Reads and bulk loads of one kind of ato de pessoal; subclasses name the table, the person (servidor or
 * beneficiário) and map their own columns and filters.
 */
export abstract class AtosDePessoalRepository<F extends AtoFilters, T extends AtoDePessoal> {
  protected abstract readonly table: string;
  protected abstract readonly pessoa: 'servidor' | 'beneficiario';

  constructor(protected readonly db: Db) {}

  protected abstract fromRow(row: AtoRow): T;
  protected abstract toRow(item: NewAto<T>): Record<string, unknown>;
  protected abstract whereOwn(query: Knex.QueryBuilder, filters: F): void;

  async insertMany(items: Array<NewAto<T>>): Promise<void> {
    await this.db.batchInsert(
      this.table,
      items.map((item) => this.toRow(item)),
      500,
    );
  }

  list(query: KeysetQuery<F>): Promise<Page<T>> {
    const { filters: f } = query;
    const base = this.db(this.table);
    whereIdIn(base, 'ug_id', scopeUgIds(query.ugIds, f.ugId));
    whereEquals(base, {
      [`${this.pessoa}_cpf`]: f.cpf,
      numero_processo: f.numeroProcesso,
      numero_certidao: f.numeroCertidao,
      numero_decisao: f.numeroDecisao,
      ano_referencia: f.anoReferencia,
      situacao: f.situacao,
    });
    this.whereOwn(base, f);
    return keysetPage(base.select('*'), query, (row: AtoRow) => this.fromRow(row));
  }

  async findById(id: number, ugIds: readonly number[]): Promise<T | undefined> {
    const row = await this.db(this.table).where({ id }).whereIn('ug_id', ugIds).first<AtoRow | undefined>();
    return row ? this.fromRow(row) : undefined;
  }

  protected pessoaOf(row: AtoRow): Pessoa {
    return { cpf: row[`${this.pessoa}_cpf`] as string, nome: row[`${this.pessoa}_nome`] as string };
  }

  protected pessoaColumns(pessoa: Pessoa): Record<string, string> {
    return { [`${this.pessoa}_cpf`]: pessoa.cpf, [`${this.pessoa}_nome`]: pessoa.nome };
  }
}
