/**
 * The contratações list's reference: a bare Express 5 route over better-sqlite3 serving, from the product's own file,
 * the same first page as `GET /api/v1/contratacoes?limit=N` for a key reading the UGs in UG_IDS: the same rows, count
 * and JSON (bench/run.ts checks that before measuring), without the token, validation, knex or the API's layers.
 * Started as a child by bench/run.ts.
 */
import Database from 'better-sqlite3';
import express from 'express';
import { fromCentavosOrNull } from '../app/records/money.ts';
import { serveOnPort } from './cluster.ts';

interface Row {
  id: number;
  ug_id: number;
  numero_processo: string;
  ano: number;
  nllc: number;
  modalidade: number;
  fase: string;
  objeto: string;
  valor_estimado_centavos: number | null;
  valor_contratado_centavos: number | null;
  data_publicacao: string | null;
  data_assinatura: string | null;
  vigencia_inicio: string | null;
  vigencia_fim: string | null;
  fornecedor_documento: string | null;
  fornecedor_nome: string | null;
  codigo_pncp: string | null;
  situacao: string;
  versao: number;
  created_by_client_id: string | null;
  created_by_user_id: number | null;
  created_by_nome: string;
  updated_by_client_id: string | null;
  updated_by_user_id: number | null;
  updated_by_nome: string;
  created_at: number;
  updated_at: number;
}

const day = (value: string | null) => (value === null ? null : value.slice(0, 10));

function toApi(row: Row) {
  return {
    id: row.id,
    ugId: row.ug_id,
    numeroProcesso: row.numero_processo,
    ano: row.ano,
    nllc: row.nllc === 1,
    modalidade: row.modalidade,
    fase: row.fase,
    objeto: row.objeto,
    valorEstimado: fromCentavosOrNull(row.valor_estimado_centavos),
    valorContratado: fromCentavosOrNull(row.valor_contratado_centavos),
    dataPublicacao: day(row.data_publicacao),
    dataAssinatura: day(row.data_assinatura),
    vigenciaInicio: day(row.vigencia_inicio),
    vigenciaFim: day(row.vigencia_fim),
    fornecedor: row.fornecedor_documento === null ? null : { documento: row.fornecedor_documento, nome: row.fornecedor_nome ?? '' },
    codigoPncp: row.codigo_pncp,
    situacao: row.situacao,
    versao: row.versao,
    createdBy: { clientId: row.created_by_client_id, userId: row.created_by_user_id, nome: row.created_by_nome },
    updatedBy: { clientId: row.updated_by_client_id, userId: row.updated_by_user_id, nome: row.updated_by_nome },
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const file = process.env.DATABASE_URL;
const ugIds = (process.env.UG_IDS ?? '').split(',').filter(Boolean).map(Number);
if (!file || ugIds.length === 0) throw new Error('list-bare.ts needs DATABASE_URL (a SQLite file) and UG_IDS');

await serveOnPort((port) => {
  const db = new Database(file, { readonly: true });
  const inUgs = `ug_id in (${ugIds.map(() => '?').join(', ')})`;
  const count = db.prepare<number[], number>(`select count(*) from contratacoes where ${inUgs}`).pluck();
  const page = db.prepare<number[], Row>(`select * from contratacoes where ${inUgs} order by id limit ?`);
  const app = express();
  app.get('/contratacoes', (req, res) => {
    const limit = Number(req.query.limit ?? 50);
    const rows = page.all(...ugIds, limit + 1);
    const items = rows.slice(0, limit).map(toApi);
    const last = items.at(-1);
    res.json({ items, totalCount: count.get(...ugIds), nextCursor: rows.length > limit && last ? String(last.id) : null });
  });
  return app.listen(port, '127.0.0.1');
});
