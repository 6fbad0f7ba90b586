import { expect } from 'chai';
import type { z } from 'zod';
import { cliCaller, type ScopedCaller } from '../../app/caller.ts';
import { contratacaoSchema, type ContratacaoData } from '../../app/contratacoes/contratacoes.schemas.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { keyCaller } from './services.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { cnpjFrom, cpfFrom } from './fixtures.ts';
import type { NewRemessa } from '../../app/remessas/remessas.repository.ts';
import type { AtoAdmissao } from '../../app/atos-pessoal/admissoes.repository.ts';
import type { NewAto } from '../../app/atos-pessoal/atos-pessoal.repository.ts';
import type { ConcessaoBeneficio } from '../../app/atos-pessoal/concessoes.repository.ts';

/** The tenancy matrix: an aggregator over one UG, that UG's sibling under the same aggregator, an unrelated UG. */
export interface UgFamily {
  agregadora: Ug;
  filha: Ug;
  irma: Ug;
  avulsa: Ug;
}

export async function createUgFamily(services: Services): Promise<UgFamily> {
  const create = (codigo: string, n: number, agregadora?: string) =>
    services.ugs.create({ codigo, nome: `UG ${codigo}`, cnpj: cnpjFrom(n), agregadora }, cliCaller);
  const agregadora = await create('AGR', 1);
  const filha = await create('FILHA', 2, 'AGR');
  const irma = await create('IRMA', 3, 'AGR');
  const avulsa = await create('AVULSA', 4);
  return { agregadora, filha, irma, avulsa };
}

/** A caller as the API builds it from a key of this UG. */
export async function keyOf(services: Services, ug: Ug, clientId = `cli-${ug.codigo.toLowerCase()}`): Promise<ScopedCaller> {
  const visible = await services.ugs.visibleUgs(ug.id);
  return keyCaller(
    ug.id,
    visible.map((v) => v.id),
    clientId,
  );
}

/** The record as the API would send it (JSON), checked against its output schema: nothing missing, nothing extra. */
export function expectRepresentation(schema: z.ZodType, record: unknown): void {
  const json: unknown = JSON.parse(JSON.stringify(record));
  const parsed = schema.safeParse(json);
  expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
  expect(parsed.data).to.deep.equal(json);
}

/** A valid contratação body; each test overrides what it is about. */
export const contratacaoInput = (overrides: Record<string, unknown> = {}) => ({
  numeroProcesso: '1234/2025',
  ano: 2025,
  nllc: true,
  modalidade: 6,
  fase: 'licitacao',
  objeto: 'Aquisição de material de expediente',
  valorEstimado: '150000.00',
  valorContratado: '123456.7',
  dataPublicacao: '2025-03-10',
  fornecedor: { documento: '11.222.333/0001-81', nome: 'Papelaria Capixaba Ltda' },
  ...overrides,
});

/** The same contratação as a surface hands it to the service: parsed by the domain's schema (a bad field throws its ValidationError). */
export const contratacaoData = (overrides: Record<string, unknown> = {}): ContratacaoData =>
  parseInput(contratacaoSchema, contratacaoInput(overrides));

/** A remessa of a UG as a test stores it: nothing sent or processed yet unless `overrides` says so. */
export function remessa(
  ugId: number,
  tipo: NewRemessa['tipo'],
  competencia: string,
  situacao: NewRemessa['situacao'],
  overrides: Partial<NewRemessa> = {},
): NewRemessa {
  return {
    ugId,
    tipo,
    competencia,
    situacao,
    protocolo: null,
    enviadaEm: null,
    processadaEm: null,
    homologadaEm: null,
    encerradaEm: null,
    consistencias: [],
    at: new Date('2025-06-01T12:00:00Z'),
    ...overrides,
  };
}

/** When the atos the tests store were stored (their createdAt and updatedAt). */
export const atoStoredAt = new Date('2025-06-01T12:00:00Z');

/** What every stored ato has unless a test says otherwise: no Tribunal numbers yet, under analysis, of 2025. */
const ato = {
  numeroProcesso: null,
  numeroCertidao: null,
  numeroDecisao: null,
  dataPublicacao: null,
  situacao: 'em_analise',
  anoReferencia: 2025,
  at: atoStoredAt,
} as const;

/** An ato de admissão of a UG as a test stores it: person `n` (`Servidor n`, the CPF `cpfFrom(n)`). */
export function admissao(ugId: number, n: number, overrides: Partial<NewAto<AtoAdmissao>> = {}): NewAto<AtoAdmissao> {
  return {
    ...ato,
    ugId,
    servidor: { cpf: cpfFrom(n), nome: `Servidor ${n}` },
    cargo: 'Professor',
    tipoAto: 'concurso_publico',
    dataHomologacao: null,
    ...overrides,
  } as NewAto<AtoAdmissao>;
}

/** A concessão de benefício of a UG as a test stores it: person `n` (`Beneficiário n`, the CPF `cpfFrom(n)`). */
export function concessao(ugId: number, n: number, overrides: Partial<NewAto<ConcessaoBeneficio>> = {}): NewAto<ConcessaoBeneficio> {
  return {
    ...ato,
    ugId,
    beneficiario: { cpf: cpfFrom(n), nome: `Beneficiário ${n}` },
    tipo: 'aposentadoria',
    subtipo: 'voluntaria',
    fundamentoLegal: 'Art. 40, § 1º, III, da Constituição Federal',
    dataConcessao: '2025-02-01',
    valor: '4321.09',
    ...overrides,
  } as NewAto<ConcessaoBeneficio>;
}
