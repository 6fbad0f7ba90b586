import { z } from 'zod';
import { situacoesAto, tiposAtoAdmissao, tiposBeneficio } from '../atos-pessoal/atos-pessoal.codes.ts';
import {
  admissaoFiltersSchema,
  admissaoOutputSchema,
  concessaoFiltersSchema,
  concessaoOutputSchema,
} from '../atos-pessoal/atos-pessoal.schemas.ts';
import type { AtoAdmissao } from '../atos-pessoal/admissoes.repository.ts';
import type { AtoDePessoal, Pessoa } from '../atos-pessoal/atos-pessoal.repository.ts';
import type { AdmissoesService, ConcessoesService } from '../atos-pessoal/atos-pessoal.service.ts';
import type { ConcessaoBeneficio } from '../atos-pessoal/concessoes.repository.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList } from '../records/fields.ts';
import { describedFields, idParam } from './params.ts';

const TAG = 'Atos de pessoal';

/** The Tribunal's own filters of its consultation of atos de pessoal, alike for admissões and concessões. */
const atoFilterDescriptions = (pessoa: string) => ({
  ugId: 'Somente os atos desta unidade gestora (uma UG fora do alcance da integração lista nada).',
  cpf: `Somente os atos deste CPF do ${pessoa}: 11 dígitos, com ou sem máscara, dígitos verificadores conferidos (um CPF inválido responde 422).`,
  numeroProcesso: 'Somente os atos deste número de processo no Tribunal (até 30 caracteres).',
  numeroCertidao: 'Somente os atos deste número de certidão do Tribunal (até 30 caracteres).',
  numeroDecisao: 'Somente os atos deste número de decisão do Tribunal (até 30 caracteres).',
  anoReferencia: 'Somente os atos deste ano de referência (1900 a 2100).',
  situacao: `Somente esta situação: ${codeList(situacoesAto)}.`,
});

const admissaoSchema = admissaoOutputSchema.register(apiSchemas, {
  id: 'AtoAdmissao',
  description: 'Um ato de admissão registrado para a análise do Tribunal.',
  // A teacher admitted by concurso público at the Prefeitura de Vitória, under the Tribunal's analysis (not yet judged).
  example: {
    id: 2307,
    ugId: 12,
    createdAt: '2026-03-18T12:40:00.000Z',
    updatedAt: '2026-09-02T17:15:20.000Z',
    numeroProcesso: '02307/2026-7',
    numeroCertidao: null,
    numeroDecisao: null,
    anoReferencia: 2026,
    dataPublicacao: '2026-03-10',
    situacao: 'em_analise',
    servidor: { cpf: '39053344705', nome: 'Gabriela Coutinho Ferreira' },
    cargo: 'Professor MaPB',
    tipoAto: 'concurso_publico',
    dataHomologacao: '2025-12-19',
  },
});
const concessaoSchema = concessaoOutputSchema.register(apiSchemas, {
  id: 'ConcessaoBeneficio',
  description: 'Uma concessão de benefício (aposentadoria, pensão, reforma, reserva) registrada para a análise do Tribunal.',
  // A voluntary retirement granted by Vitória's instituto de previdência, judged and registered by the Tribunal.
  example: {
    id: 50412,
    ugId: 14,
    createdAt: '2025-08-20T13:02:44.000Z',
    updatedAt: '2026-05-07T18:30:12.000Z',
    numeroProcesso: '04512/2025-3',
    numeroCertidao: '0412/2026',
    numeroDecisao: '01412/2026-6',
    anoReferencia: 2025,
    dataPublicacao: '2025-08-14',
    situacao: 'registrado',
    beneficiario: { cpf: '11144477735', nome: 'Hélio Barcellos Almeida' },
    tipo: 'aposentadoria',
    subtipo: 'voluntaria',
    fundamentoLegal: 'Art. 40, § 1º, III, da Constituição Federal, c/c a Emenda Constitucional nº 103/2019',
    dataConcessao: '2025-08-01',
    valor: '6842.17',
  },
});

const beneficioLabels = Object.fromEntries(
  Object.entries(tiposBeneficio).map(([tipo, subtipos]) => [tipo, Object.keys(subtipos).join(', ')]),
);

/** The two read operations of one kind of ato: list with the Tribunal's filters, and one ato by id. */
function atoOperations<F extends z.core.$ZodLooseShape, S extends z.ZodType>(spec: {
  path: string;
  names: { list: string; one: string };
  summary: string;
  filters: F;
  schema: S;
}) {
  const list = defineOperation({
    method: 'get',
    path: spec.path,
    operationId: `list${spec.names.list}`,
    summary: spec.summary,
    description: `${spec.summary} das UGs visíveis para a integração, em ordem de id, com os filtros da consulta do Tribunal.`,
    tags: [TAG],
    scope: 'leitura',
    query: z.object({ ...spec.filters, ...pageParams }),
    response: {
      status: 200,
      description: `Uma página de ${spec.summary.toLowerCase()}.`,
      schema: listEnvelope(spec.schema, `${spec.names.one}Lista`, `Uma página de ${spec.summary.toLowerCase()}.`),
    },
  });
  const one = defineOperation({
    method: 'get',
    path: `${spec.path}/{id}`,
    operationId: `get${spec.names.one}`,
    summary: `Um registro de ${spec.summary.toLowerCase()}`,
    description: 'O ato de uma UG fora do alcance da integração responde 404, como um inexistente.',
    tags: [TAG],
    scope: 'leitura',
    params: z.object({ id: idParam('Id do ato.') }),
    response: { status: 200, description: 'O ato.', schema: spec.schema },
  });
  return { list, one };
}

const admissoes = atoOperations({
  path: '/atos-pessoal/admissoes',
  names: { list: 'AtosAdmissao', one: 'AtoAdmissao' },
  summary: 'Atos de admissão',
  filters: describedFields(admissaoFiltersSchema.shape, {
    ...atoFilterDescriptions('servidor'),
    tipoAto: `Somente este tipo de ato: ${codeList(tiposAtoAdmissao)}.`,
  }),
  schema: admissaoSchema,
});

const concessoes = atoOperations({
  path: '/atos-pessoal/concessoes',
  names: { list: 'ConcessoesBeneficio', one: 'ConcessaoBeneficio' },
  summary: 'Concessões de benefício',
  filters: describedFields(concessaoFiltersSchema.shape, {
    ...atoFilterDescriptions('beneficiário'),
    tipo: `Somente este tipo de benefício: ${codeList(beneficioLabels)}.`,
  }),
  schema: concessaoSchema,
});

/** What atos de admissão and concessões send alike. */
function atoToApi(a: AtoDePessoal) {
  return {
    id: a.id,
    ugId: a.ugId,
    numeroProcesso: a.numeroProcesso,
    numeroCertidao: a.numeroCertidao,
    numeroDecisao: a.numeroDecisao,
    anoReferencia: a.anoReferencia,
    dataPublicacao: a.dataPublicacao,
    situacao: a.situacao,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

const pessoaToApi = (p: Pessoa) => ({ cpf: p.cpf, nome: p.nome });

/** An ato de admissão as the API sends it. */
export function admissaoToApi(a: AtoAdmissao): z.input<typeof admissaoSchema> {
  return { ...atoToApi(a), servidor: pessoaToApi(a.servidor), cargo: a.cargo, tipoAto: a.tipoAto, dataHomologacao: a.dataHomologacao };
}

/** A concessão de benefício as the API sends it. */
export function concessaoToApi(c: ConcessaoBeneficio): z.input<typeof concessaoSchema> {
  return {
    ...atoToApi(c),
    beneficiario: pessoaToApi(c.beneficiario),
    tipo: c.tipo,
    subtipo: c.subtipo,
    fundamentoLegal: c.fundamentoLegal,
    dataConcessao: c.dataConcessao,
    valor: c.valor,
  };
}

export function addAtosPessoalRoutes(routes: ApiRoutes, services: { admissoes: AdmissoesService; concessoes: ConcessoesService }): void {
  routes.add(admissoes.list, async ({ query: { limit, cursor, ...filters }, caller, cursors }) =>
    cursors.envelope(await services.admissoes.list(caller, { filters, ...cursors.request({ limit, cursor }) }), admissaoToApi),
  );
  routes.add(admissoes.one, async ({ params, caller }) => admissaoToApi(await services.admissoes.get(caller, params.id)));
  routes.add(concessoes.list, async ({ query: { limit, cursor, ...filters }, caller, cursors }) =>
    cursors.envelope(await services.concessoes.list(caller, { filters, ...cursors.request({ limit, cursor }) }), concessaoToApi),
  );
  routes.add(concessoes.one, async ({ params, caller }) => concessaoToApi(await services.concessoes.get(caller, params.id)));
}
