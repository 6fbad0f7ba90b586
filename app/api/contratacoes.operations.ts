import { z } from 'zod';
import { fases, modalidades, situacoesContratacao } from '../contratacoes/contratacoes.codes.ts';
import {
  contratacaoFiltersSchema,
  contratacaoOutputSchema,
  contratacaoPatchSchema,
  contratacaoSchema,
} from '../contratacoes/contratacoes.schemas.ts';
import { idempotencyKeySchema } from '../idempotency/idempotency.ts';
import { defineOperation } from './api-routes.ts';
import { ifMatchHeader, ifNoneMatchHeader } from './etag.ts';
import { apiSchemas, type ApiOperation } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList } from '../records/fields.ts';
import { describedFields, idParam } from './params.ts';

const TAG = 'Contratações';

/** A contratação as an ERP sends it: a municipality's electronic pregão, signed, with its supplier. */
const contratacaoExample = {
  numeroProcesso: '2026/004512',
  ano: 2026,
  nllc: true,
  modalidade: 6,
  fase: 'licitacao',
  objeto: 'Aquisição de gêneros alimentícios para a merenda escolar da rede municipal de ensino.',
  valorEstimado: '1250000.00',
  valorContratado: '1187350.42',
  dataPublicacao: '2026-03-02',
  dataAssinatura: '2026-04-15',
  vigenciaInicio: '2026-04-16',
  vigenciaFim: '2027-04-15',
  fornecedor: { documento: '11.222.333/0001-81', nome: 'Distribuidora de Alimentos Capixaba Ltda.' },
  codigoPncp: '27142058000126-1-000045/2026',
} satisfies z.input<typeof contratacaoSchema>;

export const contratacaoApiSchema = contratacaoOutputSchema.register(apiSchemas, {
  id: 'Contratacao',
  description: 'Uma contratação (licitação, contratação direta, ata…) de uma unidade gestora, com a situação dos seus dados no Tribunal.',
  // The pregão of the POST example below, as the API answers it once created: documento normalised, values with two places.
  example: {
    id: 4521,
    ugId: 12,
    createdAt: '2026-04-15T17:42:10.000Z',
    updatedAt: '2026-04-15T17:42:10.000Z',
    ...contratacaoExample,
    fornecedor: { ...contratacaoExample.fornecedor, documento: '11222333000181' },
    situacao: 'nao_ha_dados_homologados',
    versao: 1,
    createdBy: { clientId: 'cid_3pQGFMQiQDqtxXWhMmA4U2', userId: null, nome: 'Integração cid_3pQGFMQiQDqtxXWhMmA4U2' },
    updatedBy: { clientId: 'cid_3pQGFMQiQDqtxXWhMmA4U2', userId: null, nome: 'Integração cid_3pQGFMQiQDqtxXWhMmA4U2' },
  },
});
const listSchema = listEnvelope(contratacaoApiSchema, 'ContratacaoLista', 'Uma página das contratações das UGs visíveis.');

const patchSchema = contratacaoPatchSchema.meta({
  description: 'Os campos a alterar; os demais ficam como estão. O resultado precisa ser uma contratação válida.',
});

const filters = describedFields(contratacaoFiltersSchema.shape, {
  ugId: 'Somente as contratações desta unidade gestora (uma UG fora do alcance da integração lista nada).',
  ano: 'Somente as deste ano do processo (1900 a 2100).',
  modalidade: `Somente as desta modalidade, pelo código do PNCP: ${codeList(modalidades)}.`,
  fase: `Fase: ${codeList(fases)}.`,
  situacao: `Situação dos dados no Tribunal: ${codeList(situacoesContratacao)}.`,
  objeto: 'Texto contido no objeto, sem diferença entre maiúsculas e minúsculas nem acentos.',
  valorEstimadoMin: 'Valor estimado mínimo, em reais, como texto decimal ("1000.00").',
  valorEstimadoMax: 'Valor estimado máximo, em reais, como texto decimal.',
  valorContratadoMin: 'Valor contratado mínimo, em reais, como texto decimal.',
  valorContratadoMax: 'Valor contratado máximo, em reais, como texto decimal.',
  dataPublicacaoDe: 'Publicadas a partir desta data (AAAA-MM-DD).',
  dataPublicacaoAte: 'Publicadas até esta data (AAAA-MM-DD).',
  dataAssinaturaDe: 'Assinadas a partir desta data (AAAA-MM-DD).',
  dataAssinaturaAte: 'Assinadas até esta data (AAAA-MM-DD).',
});

const params = z.object({ id: idParam('Id da contratação.') });
const etag = { ETag: 'A versão do registro; envie-a em If-Match para alterar ou excluir só se ninguém o mudou desde então.' };
const writeErrors = ['FORBIDDEN', 'CONTRATACAO_HOMOLOGADA', 'PRECONDITION_FAILED'] as const;
const writeRule =
  'Só a integração da própria UG, com o escopo `escrita`, altera; a de uma UG agregadora só consulta as contratações das UGs sob ela.';

export const listContratacoes = defineOperation({
  method: 'get',
  path: '/contratacoes',
  operationId: 'listContratacoes',
  summary: 'Contratações',
  description: 'As contratações das UGs visíveis para a integração, em ordem de id.',
  tags: [TAG],
  scope: 'leitura',
  query: z.object({ ...filters, ...pageParams }),
  response: { status: 200, description: 'Uma página das contratações.', schema: listSchema },
});

export const getContratacao = defineOperation({
  method: 'get',
  path: '/contratacoes/{id}',
  operationId: 'getContratacao',
  summary: 'Uma contratação',
  description:
    'A contratação, com a ETag da sua versão. A contratação de uma UG fora do alcance da integração responde 404, como uma inexistente.',
  tags: [TAG],
  scope: 'leitura',
  params,
  headers: z.object({ 'If-None-Match': ifNoneMatchHeader }),
  response: { status: 200, description: 'A contratação.', schema: contratacaoApiSchema, headers: etag },
  notModified: true,
});

export const createContratacao = defineOperation({
  method: 'post',
  path: '/contratacoes',
  operationId: 'createContratacao',
  summary: 'Enviar uma contratação',
  description:
    'Cria a contratação na UG da integração. Com Idempotency-Key, repetir a mesma requisição (por exemplo, após uma falha de rede) ' +
    'devolve o resultado da primeira, sem criar outra.',
  tags: [TAG],
  scope: 'escrita',
  headers: z.object({
    'Idempotency-Key': idempotencyKeySchema.optional().meta({
      description: 'Uma chave única por operação (um UUID, por exemplo), válida por 24 horas para esta integração.',
      example: '5f6a1c2e-8d1b-4a57-9a43-2b1f0c7e9d10',
    }),
  }),
  body: contratacaoSchema,
  example: contratacaoExample,
  response: {
    status: 201,
    description: 'A contratação criada.',
    schema: contratacaoApiSchema,
    headers: {
      ...etag,
      Location: 'O endereço da contratação criada.',
      'Idempotent-Replayed': '`true` quando a resposta repete a de uma requisição anterior com a mesma Idempotency-Key (nada foi criado).',
    },
  },
  errors: ['CONFLICT', 'IDEMPOTENCY_KEY_REUSED'],
});

/** What PUT and PATCH share: the record by id, If-Match, and the answer with the new version and its ETag. */
const change = {
  tags: [TAG],
  scope: 'escrita',
  params,
  headers: z.object({ 'If-Match': ifMatchHeader }),
  response: { status: 200, description: 'A contratação alterada.', schema: contratacaoApiSchema, headers: etag },
  errors: ['CONFLICT', ...writeErrors],
} satisfies Partial<ApiOperation>;

export const replaceContratacao = defineOperation({
  ...change,
  method: 'put',
  path: '/contratacoes/{id}',
  operationId: 'replaceContratacao',
  summary: 'Substituir uma contratação',
  description: `Substitui todos os dados da contratação (um campo omitido fica vazio). ${writeRule}`,
  body: contratacaoSchema,
  example: { ...contratacaoExample, vigenciaFim: '2027-10-15' },
});

export const patchContratacao = defineOperation({
  ...change,
  method: 'patch',
  path: '/contratacoes/{id}',
  operationId: 'patchContratacao',
  summary: 'Alterar campos de uma contratação',
  description: `Altera só os campos enviados. ${writeRule}`,
  body: patchSchema,
  example: { valorContratado: '1180000.00' },
});

export const deleteContratacao = defineOperation({
  method: 'delete',
  path: '/contratacoes/{id}',
  operationId: 'deleteContratacao',
  summary: 'Excluir uma contratação',
  description: `Exclui a contratação; excluir de novo responde 404. ${writeRule}`,
  tags: [TAG],
  scope: 'escrita',
  params,
  headers: z.object({ 'If-Match': ifMatchHeader }),
  response: { status: 204, description: 'Excluída.' },
  errors: [...writeErrors],
});
