import type { Knex } from 'knex';
import type { Authorship } from '../caller.ts';
import { fromCentavosOrNull, toCentavos } from '../records/money.ts';
import { bulkInsert } from '../db/bulk.ts';
import { isPostgres, type Db } from '../db/knex.ts';
import { searchable, whereBetween, whereContains, whereEquals, whereIdIn, type KeysetQuery } from '../db/keyset.ts';
import { boundedCount, COUNT_LIMIT, keysetPage, type Page, type TotalCount } from '../db/page.ts';
import { insertReturningId, toBool, toDate, toIntOrNull, toIsoDateOrNull } from '../db/rows.ts';
import type { Fase, Modalidade, SituacaoContratacao } from './contratacoes.codes.ts';
import type { ContratacaoData, ContratacaoFilters } from './contratacoes.schemas.ts';
import { scopeUgIds } from '../ugs/ug-scope.ts';

export interface Contratacao extends ContratacaoData {
  id: number;
  ugId: number;
  situacao: SituacaoContratacao;
  /** Bumped by every change: the ETag. */
  versao: number;
  createdBy: Authorship;
  updatedBy: Authorship;
  createdAt: Date;
  updatedAt: Date;
}

/** A contratação to store, with who sent it and its situação (bulk loads set both). */
export interface NewContratacao extends ContratacaoData {
  ugId: number;
  situacao: SituacaoContratacao;
  author: Authorship;
  at?: Date;
}

interface ContratacaoRow {
  id: number;
  ug_id: number;
  numero_processo: string;
  ano: number;
  nllc: unknown;
  modalidade: number;
  fase: Fase;
  objeto: string;
  valor_estimado_centavos: unknown;
  valor_contratado_centavos: unknown;
  data_publicacao: unknown;
  data_assinatura: unknown;
  vigencia_inicio: unknown;
  vigencia_fim: unknown;
  fornecedor_documento: string | null;
  fornecedor_nome: string | null;
  codigo_pncp: string | null;
  situacao: SituacaoContratacao;
  versao: number;
  created_by_client_id: string | null;
  created_by_user_id: number | null;
  created_by_nome: string;
  updated_by_client_id: string | null;
  updated_by_user_id: number | null;
  updated_by_nome: string;
  created_at: unknown;
  updated_at: unknown;
}

function fromRow(row: ContratacaoRow): Contratacao {
  return {
    id: row.id,
    ugId: row.ug_id,
    numeroProcesso: row.numero_processo,
    ano: row.ano,
    nllc: toBool(row.nllc),
    modalidade: row.modalidade as Modalidade,
    fase: row.fase,
    objeto: row.objeto,
    valorEstimado: fromCentavosOrNull(toIntOrNull(row.valor_estimado_centavos)),
    valorContratado: fromCentavosOrNull(toIntOrNull(row.valor_contratado_centavos)),
    dataPublicacao: toIsoDateOrNull(row.data_publicacao),
    dataAssinatura: toIsoDateOrNull(row.data_assinatura),
    vigenciaInicio: toIsoDateOrNull(row.vigencia_inicio),
    vigenciaFim: toIsoDateOrNull(row.vigencia_fim),
    fornecedor: row.fornecedor_documento === null ? null : { documento: row.fornecedor_documento, nome: row.fornecedor_nome ?? '' },
    codigoPncp: row.codigo_pncp,
    situacao: row.situacao,
    versao: row.versao,
    createdBy: { clientId: row.created_by_client_id, userId: row.created_by_user_id, nome: row.created_by_nome },
    updatedBy: { clientId: row.updated_by_client_id, userId: row.updated_by_user_id, nome: row.updated_by_nome },
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

const centavosOrNull = (value: string | null) => (value === null ? null : toCentavos(value));

/** The columns a change writes: the data and who changed it, when. */
function dataColumns(data: ContratacaoData, author: Authorship, at: Date) {
  return {
    numero_processo: data.numeroProcesso,
    ano: data.ano,
    nllc: data.nllc,
    modalidade: data.modalidade,
    fase: data.fase,
    objeto: data.objeto,
    objeto_busca: searchable(data.objeto),
    valor_estimado_centavos: centavosOrNull(data.valorEstimado),
    valor_contratado_centavos: centavosOrNull(data.valorContratado),
    data_publicacao: data.dataPublicacao,
    data_assinatura: data.dataAssinatura,
    vigencia_inicio: data.vigenciaInicio,
    vigencia_fim: data.vigenciaFim,
    fornecedor_documento: data.fornecedor?.documento ?? null,
    fornecedor_nome: data.fornecedor?.nome ?? null,
    codigo_pncp: data.codigoPncp,
    updated_by_client_id: author.clientId,
    updated_by_user_id: author.userId,
    updated_by_nome: author.nome,
    updated_at: at,
  };
}

function insertColumns(item: NewContratacao) {
  const at = item.at ?? new Date();
  return {
    ...dataColumns(item, item.author, at),
    ug_id: item.ugId,
    situacao: item.situacao,
    versao: 1,
    created_by_client_id: item.author.clientId,
    created_by_user_id: item.author.userId,
    created_by_nome: item.author.nome,
    created_at: at,
  };
}

/** The fewest characters the FTS5 trigram index can search for; shorter texts are searched by reading the rows. */
const TRIGRAM = 3;
/** Beyond this many visible UGs, the FTS query leaves them out (an OR of each) and the rows are checked instead. */
const MAX_UGS_IN_SEARCH = 50;

const maybeCentavos = (value: string | undefined) => (value === undefined ? undefined : toCentavos(value));

export class ContratacoesRepository {
  constructor(private readonly db: Db) {}

  insert(item: NewContratacao): Promise<number> {
    return insertReturningId(this.db('contratacoes'), insertColumns(item));
  }

  /** A bulk load (the demo's million rows): see bulkInsert. */
  async insertMany(items: NewContratacao[]): Promise<void> {
    await bulkInsert(this.db, 'contratacoes', items.map(insertColumns));
  }

  /** Another UG's contratação is as absent as a missing one. */
  async findById(id: number, ugIds: readonly number[]): Promise<Contratacao | undefined> {
    const row = await this.db('contratacoes').where({ id }).whereIn('ug_id', ugIds).first<ContratacaoRow | undefined>();
    return row ? fromRow(row) : undefined;
  }

  /**
   * One page of the visible UGs' contratações that match the filters, in id order. The `objeto` text goes through each
   * database's index (migration 0013) when the other filters leave more than COUNT_LIMIT rows: on PostgreSQL the LIKE
   * uses the pg_trgm index as the planner sees fit; on SQLite, whose planner cannot weigh an FTS5 table, pageByIndex.
   * When they leave fewer, those rows are read and the text checked on each: it costs less than any text index (a
   * common word's index entries can be a hundred times more than a small UG's rows), and the count reads those rows
   * alone, behind a LIMIT that keeps the text out of the planner's index choice.
   */
  async list(query: KeysetQuery<ContratacaoFilters>): Promise<Page<Contratacao>> {
    const { filters: f } = query;
    const ugIds = scopeUgIds(query.ugIds, f.ugId);
    const base = this.db('contratacoes as c');
    whereIdIn(base, 'c.ug_id', ugIds);
    whereEquals(base, { 'c.ano': f.ano, 'c.modalidade': f.modalidade, 'c.fase': f.fase, 'c.situacao': f.situacao });
    whereBetween(base, 'c.valor_estimado_centavos', maybeCentavos(f.valorEstimadoMin), maybeCentavos(f.valorEstimadoMax));
    whereBetween(base, 'c.valor_contratado_centavos', maybeCentavos(f.valorContratadoMin), maybeCentavos(f.valorContratadoMax));
    whereBetween(base, 'c.data_publicacao', f.dataPublicacaoDe, f.dataPublicacaoAte);
    whereBetween(base, 'c.data_assinatura', f.dataAssinaturaDe, f.dataAssinaturaAte);
    if (f.objeto === undefined) return keysetPage(base.select('c.*'), query, fromRow, 'c.id');
    const text = searchable(f.objeto);
    const few = (await boundedCount(base)).exact;
    if (!few && !isPostgres(this.db) && [...text].length >= TRIGRAM) return this.pageByIndex(base, text, ugIds, query);
    const total = few ? (query.total ?? (await this.countAmong(base, text))) : query.total;
    whereContains(base, 'c.objeto_busca', text);
    return keysetPage(base.select('c.*'), { ...query, total }, fromRow, 'c.id');
  }

  /** How many of the rows `base` selects (at most COUNT_LIMIT) hold the text: those rows read, the text checked on each. */
  private async countAmong(base: Knex.QueryBuilder, text: string): Promise<TotalCount> {
    const rows = base
      .clone()
      .clearSelect()
      .select('c.objeto_busca')
      .limit(COUNT_LIMIT + 1);
    const matching = this.db.count({ n: '*' }).from(rows.as('r'));
    whereContains(matching, 'r.objeto_busca', text);
    const [row] = (await matching) as Array<{ n: number | string }>;
    return { count: Number(row?.n ?? 0), exact: true };
  }

  /**
   * SQLite: the rows the FTS5 index finds for the text (of at least a trigram's three characters), in its id order (it
   * reads its matches in that order and stops with the page), each then checked by the LIKE and the other filters. The
   * visible UGs are in the FTS query itself (their terms as migration 0013 writes them), so one UG's matches are found
   * without walking another's.
   */
  private pageByIndex(base: Knex.QueryBuilder, text: string, ugIds: readonly number[], query: KeysetQuery<ContratacaoFilters>) {
    const phrase = (value: string) => `"${value.replaceAll('"', '""')}"`;
    const inText = `{texto} : ${phrase(text)}`;
    const inUgs = `{ug} : (${ugIds.map((id) => phrase(`ug${id};`)).join(' OR ')})`;
    const match = ugIds.length > MAX_UGS_IN_SEARCH ? inText : `${inUgs} AND ${inText}`;
    const indexed = base.clone().join('contratacoes_busca as f', 'f.rowid', 'c.id').whereRaw('contratacoes_busca match ?', [match]);
    whereContains(indexed, 'c.objeto_busca', text);
    return keysetPage(indexed.select('c.*'), query, fromRow, 'f.rowid');
  }

  /** Replaces the data if the version is still the expected one; false when someone changed it in between. */
  async update(id: number, expectedVersao: number, data: ContratacaoData, author: Authorship, at = new Date()): Promise<boolean> {
    const changed = await this.db('contratacoes')
      .where({ id, versao: expectedVersao })
      .update({ ...dataColumns(data, author, at), versao: expectedVersao + 1 });
    return changed === 1;
  }

  async delete(id: number, expectedVersao: number): Promise<boolean> {
    return (await this.db('contratacoes').where({ id, versao: expectedVersao }).delete()) === 1;
  }

  /** The Tribunal's verdict on the data; a new version, so an If-Match from before it no longer matches. */
  async setSituacao(id: number, situacao: SituacaoContratacao): Promise<void> {
    await this.db('contratacoes')
      .where({ id })
      .update({ situacao, versao: this.db.raw('?? + 1', ['versao']) });
  }
}
