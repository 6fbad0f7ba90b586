import { z } from 'zod';
import { situacoesRemessa, tiposRemessa } from '../remessas/remessas.codes.ts';
import { remessaDetalheOutputSchema, remessaFiltersSchema, remessaOutputSchema } from '../remessas/remessas.schemas.ts';
import type { Remessa, RemessaDetalhe } from '../remessas/remessas.repository.ts';
import type { RemessasService } from '../remessas/remessas.service.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList } from '../records/fields.ts';
import { describedFields, idParam } from './params.ts';

const remessaSchema = remessaOutputSchema.register(apiSchemas, {
  id: 'Remessa',
  description: 'Uma remessa de uma unidade gestora ao Tribunal.',
  // October's prestação de contas of the Prefeitura de Vitória, sent and processed without impediment, awaiting homologation.
  example: {
    id: 8812,
    ugId: 12,
    createdAt: '2026-11-01T03:00:00.000Z',
    updatedAt: '2026-11-10T14:39:02.000Z',
    tipo: 'prestacao_contas_mensal',
    competencia: '2026-10',
    situacao: 'processada_livre_de_impedimento',
    protocolo: '2026.004187',
    enviadaEm: '2026-11-10T14:22:31.000Z',
    processadaEm: '2026-11-10T14:39:02.000Z',
    homologadaEm: null,
    encerradaEm: null,
  },
});
const remessaDetalheSchema = remessaDetalheOutputSchema.register(apiSchemas, {
  id: 'RemessaDetalhe',
  description: 'Uma remessa com as suas consistências (impeditivas ou apenas indicativas).',
  // October's folha de pagamento, held back by an impeditiva consistência, with an indicativa one beside it.
  example: {
    id: 8813,
    ugId: 12,
    createdAt: '2026-11-01T03:00:00.000Z',
    updatedAt: '2026-11-12T16:07:45.000Z',
    tipo: 'folha_pagamento',
    competencia: '2026-10',
    situacao: 'processada_com_impedimento',
    protocolo: '2026.004231',
    enviadaEm: '2026-11-12T15:51:10.000Z',
    processadaEm: '2026-11-12T16:07:45.000Z',
    homologadaEm: null,
    encerradaEm: null,
    consistencias: [
      { codigo: 'FOL-003', mensagem: 'CPF de servidor inválido na folha de pagamento.', impeditiva: true },
      { codigo: 'FOL-120', mensagem: 'Servidor com remuneração acima do teto constitucional.', impeditiva: false },
    ],
  },
});
const listSchema = listEnvelope(remessaSchema, 'RemessaLista', 'Uma página das remessas das UGs visíveis.');

const filters = describedFields(remessaFiltersSchema.shape, {
  ugId: 'Somente as remessas desta unidade gestora (uma UG fora do alcance da integração lista nada).',
  tipo: `Somente este tipo: ${codeList(tiposRemessa)}.`,
  situacao: `Somente esta situação: ${codeList(situacoesRemessa)}.`,
  competenciaDe: 'Competência inicial, inclusive: AAAA-MM, ou AAAA (desde o início do ano, a remessa anual inclusive).',
  competenciaAte: 'Competência final, inclusive: AAAA-MM, ou AAAA (até o fim do ano).',
});

const listRemessas = defineOperation({
  method: 'get',
  path: '/remessas',
  operationId: 'listRemessas',
  summary: 'Remessas',
  description: 'As remessas das UGs visíveis para a integração e a situação de cada uma, em ordem de id.',
  tags: ['Remessas'],
  scope: 'leitura',
  query: z.object({ ...filters, ...pageParams }),
  response: { status: 200, description: 'Uma página das remessas.', schema: listSchema },
});

const getRemessa = defineOperation({
  method: 'get',
  path: '/remessas/{id}',
  operationId: 'getRemessa',
  summary: 'Uma remessa, com as consistências',
  description:
    'A remessa e o resultado do seu processamento. A remessa de uma UG fora do alcance da integração responde 404, como uma inexistente.',
  tags: ['Remessas'],
  scope: 'leitura',
  params: z.object({ id: idParam('Id da remessa.') }),
  response: { status: 200, description: 'A remessa, com as consistências.', schema: remessaDetalheSchema },
});

const instantOrNull = (at: Date | null) => (at === null ? null : at.toISOString());

/** A remessa as the API lists it. */
export function remessaToApi(r: Remessa): z.input<typeof remessaSchema> {
  return {
    id: r.id,
    ugId: r.ugId,
    tipo: r.tipo,
    competencia: r.competencia,
    situacao: r.situacao,
    protocolo: r.protocolo,
    enviadaEm: instantOrNull(r.enviadaEm),
    processadaEm: instantOrNull(r.processadaEm),
    homologadaEm: instantOrNull(r.homologadaEm),
    encerradaEm: instantOrNull(r.encerradaEm),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** One remessa with its consistências, as the API sends it. */
export function remessaDetalheToApi(r: RemessaDetalhe): z.input<typeof remessaDetalheSchema> {
  return {
    ...remessaToApi(r),
    consistencias: r.consistencias.map((c) => ({ codigo: c.codigo, mensagem: c.mensagem, impeditiva: c.impeditiva })),
  };
}

export function addRemessasRoutes(routes: ApiRoutes, remessas: RemessasService): void {
  routes.add(listRemessas, async ({ query: { limit, cursor, ...filters }, caller, cursors }) => {
    const page = await remessas.list(caller, { filters, ...cursors.request({ limit, cursor }) });
    return cursors.envelope(page, remessaToApi);
  });
  routes.add(getRemessa, async ({ params, caller }) => remessaDetalheToApi(await remessas.get(caller, params.id)));
}
