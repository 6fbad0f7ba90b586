import { z } from 'zod';
import { situacoesRemessa, tiposRemessa } from '../remessas/remessas.codes.ts';
import { remessaDetalheOutputSchema, remessaFiltersSchema, remessaOutputSchema } from '../remessas/remessas.schemas.ts';
import type { Remessa, RemessaDetalhe } from '../remessas/remessas.repository.ts';
import type { RemessasService } from '../remessas/remessas.service.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList, describedFields, idParam } from './params.ts';

const remessaSchema = remessaOutputSchema.register(apiSchemas, {
  id: 'Remessa',
  description: 'Uma remessa de uma unidade gestora ao Tribunal.',
});
const remessaDetalheSchema = remessaDetalheOutputSchema.register(apiSchemas, {
  id: 'RemessaDetalhe',
  description: 'Uma remessa com as suas consistências (impeditivas ou apenas indicativas).',
});
const listSchema = listEnvelope(remessaSchema, 'RemessaLista', 'Uma página das remessas das UGs visíveis.');

const filters = describedFields(remessaFiltersSchema.shape, {
  ugId: 'Somente as remessas desta unidade gestora (uma UG fora do alcance da integração lista nada).',
  tipo: `Somente este tipo: ${codeList(tiposRemessa)}.`,
  situacao: `Somente esta situação: ${codeList(situacoesRemessa)}.`,
  competenciaDe: 'Competência inicial, inclusive: AAAA-MM, ou AAAA (desde o ano).',
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
