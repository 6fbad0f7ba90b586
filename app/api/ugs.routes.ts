import { z } from 'zod';
import type { Ug } from '../ugs/ugs.repository.ts';
import type { UgsService } from '../ugs/ugs.service.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { idParam } from './params.ts';

export const ugSchema = z
  .object({
    id: z
      .number()
      .int()
      .meta({ description: 'Identificador da UG: o `{id}` de /unidades-gestoras/{id} e o `ugId` dos seus registros.', example: 12 }),
    codigo: z.string().meta({ description: 'Código da UG no Tribunal.', example: '012E0100001' }),
    nome: z.string().meta({ description: 'Nome da unidade gestora.', example: 'Prefeitura Municipal de Vitória' }),
    cnpj: z.string().meta({
      description: 'CNPJ da UG sem máscara: 14 caracteres, numérico ou alfanumérico, com os dígitos verificadores conferidos.',
      example: '27142058000126',
    }),
    agregadoraId: z.number().int().nullable().meta({
      description: 'Id da UG agregadora desta, cujas integrações também consultam os dados dela. null: não é agregada a nenhuma.',
      example: null,
    }),
    ativa: z
      .boolean()
      .meta({ description: 'Se a UG está ativa: numa UG desativada (`false`), as integrações não obtêm tokens.', example: true }),
  })
  .register(apiSchemas, {
    id: 'UnidadeGestora',
    description: 'Uma unidade gestora visível para a integração.',
    example: {
      id: 12,
      codigo: '012E0100001',
      nome: 'Prefeitura Municipal de Vitória',
      cnpj: '27142058000126',
      agregadoraId: null,
      ativa: true,
    },
  });

const ugListSchema = listEnvelope(ugSchema, 'UnidadeGestoraLista', 'Uma página das unidades gestoras visíveis.');

export const ugIdParams = z.object({ id: idParam('Id da unidade gestora.') });

const listUgs = defineOperation({
  method: 'get',
  path: '/unidades-gestoras',
  operationId: 'listUnidadesGestoras',
  summary: 'Unidades gestoras visíveis',
  description: 'Lista a UG da integração e, numa UG agregadora, todas as UGs sob ela, em ordem de id.',
  tags: ['Unidades gestoras'],
  scope: 'leitura',
  query: z.object({
    codigo: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .optional()
      .meta({ description: 'Somente a UG deste código (até 20 caracteres).', example: '012E0100001' }),
    agregadoraId: idParam('Somente as UGs diretamente sob esta UG agregadora.').optional(),
    ...pageParams,
  }),
  response: { status: 200, description: 'Uma página das UGs visíveis.', schema: ugListSchema },
});

const getUg = defineOperation({
  method: 'get',
  path: '/unidades-gestoras/{id}',
  operationId: 'getUnidadeGestora',
  summary: 'Uma unidade gestora',
  description: 'Uma UG visível para a integração. Uma UG fora do alcance da integração responde 404, como uma inexistente.',
  tags: ['Unidades gestoras'],
  scope: 'leitura',
  params: ugIdParams,
  response: { status: 200, description: 'A unidade gestora.', schema: ugSchema },
});

function toApi(ug: Ug): z.output<typeof ugSchema> {
  return { id: ug.id, codigo: ug.codigo, nome: ug.nome, cnpj: ug.cnpj, agregadoraId: ug.agregadoraId, ativa: ug.ativa };
}

export function addUgsRoutes(routes: ApiRoutes, ugs: UgsService): void {
  routes.add(listUgs, async ({ query, caller, cursors }) => {
    const { codigo, agregadoraId } = query;
    return cursors.envelope(await ugs.listVisible(caller, { codigo, agregadoraId }, cursors.request(query)), toApi);
  });
  routes.add(getUg, async ({ params, caller }) => toApi(await ugs.findVisible(caller, params.id)));
}
