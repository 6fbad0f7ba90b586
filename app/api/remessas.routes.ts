import { z } from 'zod';
import { situacoesRemessa, tiposRemessa } from '../remessas/remessas.codes.ts';
import { remessaDetalheOutputSchema, remessaFiltersSchema, remessaOutputSchema } from '../remessas/remessas.schemas.ts';
import type { RemessasService } from '../remessas/remessas.service.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams, type CursorCodec } from './pagination.ts';
import { codeList, describedFields, idParam } from './params.ts';
import { representation } from './representation.ts';

const remessaSchema = remessaOutputSchema.register(apiSchemas, { id: 'Remessa', description: 'Uma remessa de uma unidade gestora ao Tribunal.' });
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
  description: 'A remessa e o resultado do seu processamento. A remessa de uma UG fora do alcance da integração responde 404, como uma inexistente.',
  tags: ['Remessas'],
  scope: 'leitura',
  params: z.object({ id: idParam('Id da remessa.') }),
  response: { status: 200, description: 'A remessa, com as consistências.', schema: remessaDetalheSchema },
});

export function addRemessasRoutes(routes: ApiRoutes, remessas: RemessasService, cursors: CursorCodec): void {
  const toApi = representation(remessaSchema);
  routes.add(listRemessas, async ({ query: { limit, cursor, ...filters }, caller }) => {
    const page = await remessas.list(caller, { filters, ...cursors.request({ limit, cursor }) });
    return cursors.envelope(page, toApi);
  });
  const toDetalhe = representation(remessaDetalheSchema);
  routes.add(getRemessa, async ({ params, caller }) => toDetalhe(await remessas.get(caller, params.id)));
}
