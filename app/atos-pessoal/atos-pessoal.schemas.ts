import { z } from 'zod';
import { cpfField } from '../documents/document-fields.ts';
import { codeField, idField, strictObject, yearField } from '../records/fields.ts';
import { dateOutput, moneyOutput, pessoaOutput, recordOutput } from '../records/output-fields.ts';
import { situacaoAtoCodes, tipoAtoAdmissaoCodes, tipoBeneficioCodes } from './atos-pessoal.codes.ts';

const numeroFilter = (label: string) =>
  z.string().trim().min(1, `Informe ${label}.`).max(30, `Informe ${label} com no máximo 30 caracteres.`).optional();

/** The Tribunal's own filters for atos de pessoal, plus UG and situação. */
const atoFilters = {
  ugId: idField('o identificador da unidade gestora').optional(),
  cpf: cpfField.optional(),
  numeroProcesso: numeroFilter('o número do processo'),
  numeroCertidao: numeroFilter('o número da certidão'),
  numeroDecisao: numeroFilter('o número da decisão'),
  anoReferencia: yearField('o ano de referência').optional(),
  situacao: codeField('a situação', situacaoAtoCodes).optional(),
};

export const admissaoFiltersSchema = strictObject({ ...atoFilters, tipoAto: codeField('o tipo de ato', tipoAtoAdmissaoCodes).optional() });
export const concessaoFiltersSchema = strictObject({
  ...atoFilters,
  tipo: codeField('o tipo de benefício', tipoBeneficioCodes).optional(),
});

export type AtoFilters = z.output<z.ZodObject<typeof atoFilters>>;
export type AdmissaoFilters = z.output<typeof admissaoFiltersSchema>;
export type ConcessaoFilters = z.output<typeof concessaoFiltersSchema>;

/** What atos de admissão and concessões return alike. */
const atoOutput = {
  ...recordOutput,
  numeroProcesso: z.string().nullable().meta({ description: 'Número do processo no Tribunal.' }),
  numeroCertidao: z.string().nullable().meta({ description: 'Número da certidão do Tribunal.' }),
  numeroDecisao: z.string().nullable().meta({ description: 'Número da decisão do Tribunal.' }),
  anoReferencia: z.number().int(),
  dataPublicacao: dateOutput('Data de publicação do ato'),
  situacao: z.enum(situacaoAtoCodes),
};

export const admissaoOutputSchema = z.object({
  ...atoOutput,
  servidor: pessoaOutput,
  cargo: z.string(),
  tipoAto: z.enum(tipoAtoAdmissaoCodes),
  dataHomologacao: dateOutput('Data de homologação do concurso ou processo seletivo'),
});

export const concessaoOutputSchema = z.object({
  ...atoOutput,
  beneficiario: pessoaOutput,
  tipo: z.enum(tipoBeneficioCodes),
  subtipo: z.string(),
  fundamentoLegal: z.string(),
  dataConcessao: dateOutput('Data da concessão'),
  valor: moneyOutput('Valor mensal do benefício'),
});
