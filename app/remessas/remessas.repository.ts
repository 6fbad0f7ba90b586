import type { Db } from '../db/knex.ts';
import { whereBetween, whereEquals, whereIdIn, type KeysetQuery } from '../db/keyset.ts';
import { keysetPage, type Page } from '../db/page.ts';
import { insertReturningId, toBool, toDate, toDateOrNull } from '../db/rows.ts';
import { competenciaFromInt, competenciaToInt } from './competencia.ts';
import type { SituacaoRemessa, TipoRemessa } from './remessas.codes.ts';
import type { RemessaFilters } from './remessas.schemas.ts';
import { scopeUgIds } from '../ugs/ug-scope.ts';

export interface Consistencia {
  codigo: string;
  mensagem: string;
  /** An impeditiva one stops the remessa (processada com impedimento); an indicativa one only warns. */
  impeditiva: boolean;
}

/** The instants a remessa went through each step; null for steps not (yet) taken. */
export interface RemessaEtapas {
  enviadaEm: Date | null;
  processadaEm: Date | null;
  homologadaEm: Date | null;
  encerradaEm: Date | null;
}

export interface Remessa extends RemessaEtapas {
  id: number;
  ugId: number;
  tipo: TipoRemessa;
  /** `AAAA-MM`, or `AAAA` for an annual remessa. */
  competencia: string;
  situacao: SituacaoRemessa;
  protocolo: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RemessaDetalhe extends Remessa {
  consistencias: Consistencia[];
}

export type NewRemessa = Omit<RemessaDetalhe, 'id' | 'createdAt' | 'updatedAt'> & { at: Date };

interface RemessaRow {
  id: number;
  ug_id: number;
  tipo: TipoRemessa;
  competencia: number;
  situacao: SituacaoRemessa;
  protocolo: string | null;
  enviada_em: unknown;
  processada_em: unknown;
  homologada_em: unknown;
  encerrada_em: unknown;
  created_at: unknown;
  updated_at: unknown;
}

function fromRow(row: RemessaRow): Remessa {
  return {
    id: row.id,
    ugId: row.ug_id,
    tipo: row.tipo,
    competencia: competenciaFromInt(row.competencia),
    situacao: row.situacao,
    protocolo: row.protocolo,
    enviadaEm: toDateOrNull(row.enviada_em),
    processadaEm: toDateOrNull(row.processada_em),
    homologadaEm: toDateOrNull(row.homologada_em),
    encerradaEm: toDateOrNull(row.encerrada_em),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export class RemessasRepository {
  constructor(private readonly db: Db) {}

  /** Bulk load (the demo, imports): each remessa for its id, then all their consistências in batches. */
  async insertMany(items: NewRemessa[]): Promise<void> {
    const consistencias: Array<Consistencia & { remessa_id: number }> = [];
    for (const r of items) {
      const id = await insertReturningId(this.db('remessas'), {
        ug_id: r.ugId,
        tipo: r.tipo,
        competencia: competenciaToInt(r.competencia),
        situacao: r.situacao,
        protocolo: r.protocolo,
        enviada_em: r.enviadaEm,
        processada_em: r.processadaEm,
        homologada_em: r.homologadaEm,
        encerrada_em: r.encerradaEm,
        created_at: r.at,
        updated_at: r.at,
      });
      consistencias.push(...r.consistencias.map((c) => ({ ...c, remessa_id: id })));
    }
    await this.db.batchInsert('remessa_consistencias', consistencias, 500);
  }

  list(query: KeysetQuery<RemessaFilters>): Promise<Page<Remessa>> {
    const { filters: f } = query;
    const base = this.db('remessas');
    whereIdIn(base, 'ug_id', scopeUgIds(query.ugIds, f.ugId));
    whereEquals(base, { tipo: f.tipo, situacao: f.situacao });
    const de = f.competenciaDe === undefined ? undefined : competenciaToInt(f.competenciaDe, 'start');
    const ate = f.competenciaAte === undefined ? undefined : competenciaToInt(f.competenciaAte, 'end');
    whereBetween(base, 'competencia', de, ate);
    return keysetPage(base.select('*'), query, fromRow);
  }

  async findById(id: number, ugIds: readonly number[]): Promise<RemessaDetalhe | undefined> {
    const row = await this.db('remessas').where({ id }).whereIn('ug_id', ugIds).first<RemessaRow | undefined>();
    if (!row) return undefined;
    const consistencias = await this.db('remessa_consistencias')
      .where({ remessa_id: id })
      .orderBy('id')
      .select<Array<{ codigo: string; mensagem: string; impeditiva: unknown }>>('codigo', 'mensagem', 'impeditiva');
    return { ...fromRow(row), consistencias: consistencias.map((c) => ({ ...c, impeditiva: toBool(c.impeditiva) })) };
  }
}
