import { z } from 'zod';
import type { Responsavel } from '../responsaveis/responsaveis.repository.ts';
import { funcaoField, funcoes } from '../responsaveis/responsaveis.schemas.ts';
import type { ResponsaveisService } from '../responsaveis/responsaveis.service.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList } from '../records/fields.ts';
import { booleanParam } from './params.ts';
import { ugIdParams } from './ugs.routes.ts';

export const responsavelSchema = z
  .object({
    id: z.number().int().meta({ description: 'Identificador do registro: esta pessoa nesta função, neste período.', example: 345 }),
    unidadeGestoraId: z.number().int().meta({ description: 'Id da unidade gestora em que a pessoa exerce a função.', example: 12 }),
    cpf: z.string().meta({ description: 'CPF da pessoa, só os 11 dígitos, sem máscara.', example: '52998224725' }),
    nome: z.string().meta({ description: 'Nome completo da pessoa.', example: 'Maria da Penha Souza' }),
    funcao: funcaoField.meta({ description: `Função na UG: ${codeList(funcoes)}.`, example: 'ordenador_despesa' }),
    inicio: z.iso.date().meta({ description: 'Primeiro dia no exercício da função (AAAA-MM-DD).', example: '2025-01-01' }),
    fim: z.iso.date().nullable().meta({
      description: 'Último dia no exercício da função (AAAA-MM-DD), nunca antes do início. null: sem data de fim (exerce a função).',
      example: null,
    }),
  })
  .register(apiSchemas, {
    id: 'Responsavel',
    description: 'Uma pessoa que exerce (ou exerceu) uma função numa unidade gestora.',
    example: {
      id: 345,
      unidadeGestoraId: 12,
      cpf: '52998224725',
      nome: 'Maria da Penha Souza',
      funcao: 'ordenador_despesa',
      inicio: '2025-01-01',
      fim: null,
    },
  });

const listSchema = listEnvelope(responsavelSchema, 'ResponsavelLista', 'Uma página dos responsáveis de uma unidade gestora.');

const listResponsaveis = defineOperation({
  method: 'get',
  path: '/unidades-gestoras/{id}/responsaveis',
  operationId: 'listResponsaveis',
  summary: 'Responsáveis de uma unidade gestora',
  description:
    'Quem exerce ou exerceu cada função na UG, em ordem de id. Uma UG fora do alcance da integração responde 404, como uma inexistente.',
  tags: ['Unidades gestoras'],
  scope: 'leitura',
  params: ugIdParams,
  query: z.object({
    somenteAtuais: booleanParam('`true`: somente quem exerce a função hoje (início até hoje, sem fim ou com fim a partir de hoje).'),
    funcao: funcaoField.optional().meta({ description: `Somente esta função: ${codeList(funcoes)}.` }),
    ...pageParams,
  }),
  response: { status: 200, description: 'Uma página dos responsáveis.', schema: listSchema },
});

function toApi(r: Responsavel): z.output<typeof responsavelSchema> {
  return { id: r.id, unidadeGestoraId: r.ugId, cpf: r.cpf, nome: r.nome, funcao: r.funcao, inicio: r.inicio, fim: r.fim };
}

export function addResponsaveisRoutes(routes: ApiRoutes, responsaveis: ResponsaveisService): void {
  routes.add(listResponsaveis, async ({ params, query, caller, cursors }) => {
    const { somenteAtuais, funcao } = query;
    const page = await responsaveis.listForUg(caller, params.id, { somenteAtuais, funcao }, cursors.request(query));
    return cursors.envelope(page, toApi);
  });
}
