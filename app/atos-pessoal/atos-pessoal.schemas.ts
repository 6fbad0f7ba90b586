import { z } from 'zod';
import { codeList } from '../records/fields.ts';
import { cpfField } from '../documents/document-fields.ts';
import { codeField, idField, strictObject, yearField } from '../records/fields.ts';
import { dateOutput, moneyOutput, pessoaOutput, recordOutput } from '../records/output-fields.ts';
import {
  situacaoAtoCodes,
  situacoesAto,
  tipoAtoAdmissaoCodes,
  tipoBeneficioCodes,
  tiposAtoAdmissao,
  tiposBeneficio,
} from './atos-pessoal.codes.ts';

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

/** The subtipos of each tipo de benefício, for a description: "`aposentadoria`: `voluntaria` (Voluntária), …; `pensao`: …". */
const subtiposList = Object.entries(tiposBeneficio)
  .map(([tipo, subtipos]) => `\`${tipo}\`: ${codeList(subtipos)}`)
  .join('; ');

/** What atos de admissão and concessões return alike: the Tribunal's process, certidão and decisão, and the situação. */
const atoOutput = {
  ...recordOutput,
  numeroProcesso: z
    .string()
    .nullable()
    .meta({ description: 'Número do processo do ato no Tribunal. null: o ato ainda não foi autuado (aguarda análise).' }),
  numeroCertidao: z
    .string()
    .nullable()
    .meta({ description: 'Número da certidão do Tribunal sobre o registro do ato. null: ainda não emitida (o ato não foi julgado).' }),
  numeroDecisao: z
    .string()
    .nullable()
    .meta({ description: 'Número da decisão do Tribunal sobre o ato. null: ainda sem decisão (o ato não foi julgado).' }),
  anoReferencia: z.number().int().meta({ description: 'Ano de referência do ato (o ano em que foi praticado).' }),
  dataPublicacao: dateOutput('Data de publicação do ato, AAAA-MM-DD. null: não informada.'),
  situacao: z.enum(situacaoAtoCodes).meta({
    description:
      `Situação do ato na análise do Tribunal: ${codeList(situacoesAto)}. ` +
      '`registrado` e `registro_negado` são os julgamentos, com certidão e decisão.',
  }),
};

export const admissaoOutputSchema = z.object({
  ...atoOutput,
  servidor: pessoaOutput.meta({ description: 'O servidor (ou empregado público) admitido.' }),
  cargo: z.string().meta({ description: 'Cargo, emprego ou função em que o servidor foi admitido.' }),
  tipoAto: z.enum(tipoAtoAdmissaoCodes).meta({ description: `Tipo do ato de admissão: ${codeList(tiposAtoAdmissao)}.` }),
  dataHomologacao: dateOutput(
    'Data de homologação do concurso público ou do processo seletivo que deu origem à admissão, AAAA-MM-DD. ' +
      'null: não informada, ou sem concurso nem processo seletivo.',
  ),
});

export const concessaoOutputSchema = z.object({
  ...atoOutput,
  beneficiario: pessoaOutput.meta({ description: 'Quem recebe o benefício: o próprio servidor ou, numa pensão, o dependente.' }),
  tipo: z.enum(tipoBeneficioCodes).meta({
    description: `Tipo de benefício: ${Object.keys(tiposBeneficio)
      .map((tipo) => `\`${tipo}\``)
      .join(', ')} (reforma e reserva remunerada são as dos militares).`,
  }),
  subtipo: z.string().meta({ description: `Subtipo do benefício, conforme o tipo: ${subtiposList}.` }),
  fundamentoLegal: z
    .string()
    .meta({ description: 'Fundamento legal da concessão: os dispositivos da Constituição e das leis em que o benefício se baseia.' }),
  dataConcessao: dateOutput('Data da concessão do benefício, AAAA-MM-DD. null: não informada.'),
  valor: moneyOutput('Valor mensal do benefício, em reais, como texto decimal com duas casas ("6842.17"). null: não informado.'),
});
