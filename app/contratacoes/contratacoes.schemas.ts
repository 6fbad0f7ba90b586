import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../errors/app-error.ts';
import { cpfOrCnpjField } from '../documents/document-fields.ts';
import { codeField, codeList, dateField, idField, moneyField, numberFromText, strictObject, textField } from '../records/fields.ts';
import { authorshipOutput, dateOutput, moneyOutput, recordOutput } from '../records/output-fields.ts';
import {
  faseCodes,
  fases,
  LAST_NLLC_MODALIDADE,
  modalidadeCodes,
  modalidades,
  situacaoContratacaoCodes,
  situacoesContratacao,
} from './contratacoes.codes.ts';

const modalidadeMessage = `Modalidade inválida: use um código do PNCP de 1 a ${LAST_NLLC_MODALIDADE} ou, para contratações antigas, de 101 a 105.`;

const money = (what: string, whenNull: string) =>
  `${what}, em reais, como texto decimal: no envio, não negativo, com até 13 dígitos inteiros e até duas casas ("1250000", "1250000.5"); ` +
  `na resposta, sempre com duas casas ("1250000.50"). null: ${whenNull}.`;
const date = (what: string, whenNull: string) =>
  `${what}, AAAA-MM-DD; precisa existir no calendário (2026-02-30 é recusada). null: ${whenNull}.`;

/**
 * What each field of a contratação means and the rules the server holds it to, in pt-BR for the OpenAPI document:
 * one text per field, the same in the body (POST, PUT, PATCH) and in the answer (`Contratacao`).
 */
const descriptions = {
  numeroProcesso:
    'Número do processo administrativo na unidade gestora, até 30 caracteres. Com `ano`, identifica a contratação na UG: ' +
    'não pode haver duas com o mesmo número e ano (409).',
  ano: 'Ano do processo, de 1900 a 2100.',
  nllc: 'Se a contratação segue a Lei 14.133/2021 (nova lei de licitações); `false` para as regidas pelas leis anteriores.',
  modalidade:
    `Modalidade, pelo código do PNCP: ${codeList(modalidades)}. ` +
    `Os códigos de 101 a 105, das leis anteriores, só valem com \`nllc: false\`; com \`nllc: true\`, só de 1 a ${LAST_NLLC_MODALIDADE}.`,
  fase: `Fase da contratação: ${codeList(fases)}.`,
  objeto: 'Descrição do objeto da contratação, até 2000 caracteres.',
  valorEstimado: money('Valor estimado da contratação', 'não informado'),
  valorContratado: money('Valor contratado', 'ainda não contratado, ou não informado'),
  dataPublicacao: date('Data de publicação do edital ou do aviso da contratação', 'não publicada, ou não informada'),
  dataAssinatura: date('Data de assinatura do contrato', 'ainda não assinado, ou não informada'),
  vigenciaInicio: date('Início da vigência do contrato', 'não informado'),
  vigenciaFim: date('Fim da vigência do contrato; não pode ser anterior a `vigenciaInicio`', 'não informado'),
  fornecedor: 'O fornecedor contratado. null: ainda sem fornecedor (uma licitação em andamento, por exemplo), ou não informado.',
  codigoPncp:
    'Número de controle da contratação no Portal Nacional de Contratações Públicas (PNCP), no formato `00000000000000-1-000000/AAAA` ' +
    '(CNPJ do órgão, com 14 caracteres, um dígito, o sequencial com 6 dígitos e o ano), em maiúsculas. null: não publicada no PNCP, ou não informado.',
} as const;

const fornecedorDescriptions = {
  documento:
    'CPF (11 dígitos) ou CNPJ (14 caracteres, numérico ou alfanumérico) do fornecedor, com os dígitos verificadores conferidos. ' +
    'No envio, aceita a máscara (`11.222.333/0001-81`, `529.982.247-25`); é guardado e devolvido sem ela, com as letras em maiúsculas (`11222333000181`).',
  nome: 'Nome ou razão social do fornecedor, até 200 caracteres.',
} as const;

const anoField = z
  .number({ error: 'Informe o ano do processo (número inteiro).' })
  .int('Informe o ano do processo (número inteiro).')
  .min(1900, 'O ano do processo deve estar entre 1900 e 2100.')
  .max(2100, 'O ano do processo deve estar entre 1900 e 2100.');

/** One of the codes: an enumeration in the document. */
const modalidadeField = z.literal(modalidadeCodes, { error: modalidadeMessage });

const fornecedorSchema = strictObject({
  documento: cpfOrCnpjField.meta({ description: fornecedorDescriptions.documento }),
  nome: textField('o nome do fornecedor', 200).meta({ description: fornecedorDescriptions.nome }),
});

/** The fields a contratação may leave empty (null). */
const nullableFields = {
  valorEstimado: moneyField('o valor estimado').nullable().meta({ description: descriptions.valorEstimado }),
  valorContratado: moneyField('o valor contratado').nullable().meta({ description: descriptions.valorContratado }),
  dataPublicacao: dateField('a data de publicação').nullable().meta({ description: descriptions.dataPublicacao }),
  dataAssinatura: dateField('a data de assinatura').nullable().meta({ description: descriptions.dataAssinatura }),
  vigenciaInicio: dateField('o início da vigência').nullable().meta({ description: descriptions.vigenciaInicio }),
  vigenciaFim: dateField('o fim da vigência').nullable().meta({ description: descriptions.vigenciaFim }),
  fornecedor: fornecedorSchema.nullable().meta({ description: descriptions.fornecedor }),
  codigoPncp: z
    .string({ error: 'Informe o código PNCP como texto.' })
    .trim()
    .regex(/^[0-9A-Z]{14}-\d-\d{6}\/\d{4}$/, 'Código PNCP inválido: use o formato 00000000000000-1-000000/AAAA.')
    .nullable()
    .meta({ description: descriptions.codigoPncp }),
};

const contratacaoFields = {
  numeroProcesso: textField('o número do processo', 30).meta({ description: descriptions.numeroProcesso }),
  ano: anoField.meta({ description: descriptions.ano }),
  nllc: z
    .boolean({ error: 'Informe se a contratação segue a Lei 14.133/2021 (nllc: true ou false).' })
    .meta({ description: descriptions.nllc }),
  modalidade: modalidadeField.meta({ description: descriptions.modalidade }),
  fase: codeField('a fase', faseCodes).meta({ description: descriptions.fase }),
  objeto: textField('o objeto', 2000).meta({ description: descriptions.objeto }),
  ...nullableFields,
};

/** A field's description with what leaving it out of the body does. */
const leftOut = (field: z.ZodType, effect: string) => ({ description: `${field.description ?? ''} ${effect}`.trim() });

/** The nullable fields, null when left out: what a full replacement does with a field it does not send. */
function nullWhenLeftOut<S extends Record<string, z.ZodNullable>>(shape: S): { [K in keyof S]: z.ZodDefault<S[K]> } {
  return Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [
      name,
      field.default(null).meta(leftOut(field, 'Omitido, fica null (no PUT, apaga o valor guardado).')),
    ]),
  ) as {
    [K in keyof S]: z.ZodDefault<S[K]>;
  };
}

/** Every field optional, with no default: what a PATCH leaves out keeps its value. */
function leftOutKeeps<S extends Record<string, z.ZodType>>(shape: S): { [K in keyof S]: z.ZodOptional<S[K]> } {
  return Object.fromEntries(
    Object.entries(shape).map(([name, field]) => [name, field.optional().meta(leftOut(field, 'Omitido, mantém o valor guardado.'))]),
  ) as {
    [K in keyof S]: z.ZodOptional<S[K]>;
  };
}

/** What a contratação's fields must say together; a PATCH checks it again once its changes meet the stored record. */
function contratacaoRuleErrors(data: Pick<ContratacaoData, 'nllc' | 'modalidade' | 'vigenciaInicio' | 'vigenciaFim'>): FieldErrors {
  const errors: FieldErrors = {};
  if (data.nllc && data.modalidade > LAST_NLLC_MODALIDADE)
    errors.modalidade = 'Esta modalidade não existe na Lei 14.133/2021: use um código do PNCP de 1 a 14.';
  if (data.vigenciaInicio && data.vigenciaFim && data.vigenciaFim < data.vigenciaInicio)
    errors.vigenciaFim = 'O fim da vigência não pode ser anterior ao início.';
  return errors;
}

/** Refuses (422, each message next to its field) a contratação whose fields contradict each other. */
export function checkContratacao(data: ContratacaoData): ContratacaoData {
  const errors = contratacaoRuleErrors(data);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return data;
}

/** A contratação as sent on POST and PUT (a full replacement: what is left out becomes empty). */
export const contratacaoSchema = strictObject({
  ...contratacaoFields,
  ...nullWhenLeftOut(nullableFields),
})
  .superRefine((data, ctx) => {
    for (const [path, message] of Object.entries(contratacaoRuleErrors(data))) ctx.addIssue({ code: 'custom', path: [path], message });
  })
  .meta({
    description: 'A contratação inteira. Um campo anulável omitido fica null: no PUT, que substitui o registro, apaga o valor guardado.',
  });

export type ContratacaoData = z.output<typeof contratacaoSchema>;

/** PATCH: any of the fields, none filled in by default (a left-out field keeps its value); the merged record is then checked with `checkContratacao`. */
export const contratacaoPatchSchema = strictObject(leftOutKeeps(contratacaoFields));

export type ContratacaoChanges = z.output<typeof contratacaoPatchSchema>;

const moneyFilter = (label: string) => moneyField(label).optional();
const dateFilter = (label: string) => dateField(label).optional();

export const contratacaoFiltersSchema = strictObject({
  ugId: idField('o identificador da unidade gestora').optional(),
  ano: numberFromText(anoField).optional(),
  modalidade: numberFromText(modalidadeField).optional(),
  fase: codeField('a fase', faseCodes).optional(),
  situacao: codeField('a situação', situacaoContratacaoCodes).optional(),
  objeto: z
    .string()
    .trim()
    .min(1, 'Informe o texto a buscar no objeto.')
    .max(200, 'A busca no objeto deve ter no máximo 200 caracteres.')
    .optional(),
  valorEstimadoMin: moneyFilter('o valor estimado mínimo'),
  valorEstimadoMax: moneyFilter('o valor estimado máximo'),
  valorContratadoMin: moneyFilter('o valor contratado mínimo'),
  valorContratadoMax: moneyFilter('o valor contratado máximo'),
  dataPublicacaoDe: dateFilter('a data de publicação inicial'),
  dataPublicacaoAte: dateFilter('a data de publicação final'),
  dataAssinaturaDe: dateFilter('a data de assinatura inicial'),
  dataAssinaturaAte: dateFilter('a data de assinatura final'),
});

export type ContratacaoFilters = z.output<typeof contratacaoFiltersSchema>;

/** A contratação as the API returns it: the fields as sent (normalised), with its UG, situação, version and authors. */
export const contratacaoOutputSchema = z.object({
  ...recordOutput,
  numeroProcesso: z.string().meta({ description: descriptions.numeroProcesso }),
  ano: z.number().int().meta({ description: descriptions.ano }),
  nllc: z.boolean().meta({ description: descriptions.nllc }),
  modalidade: z.literal(modalidadeCodes).meta({ description: descriptions.modalidade }),
  fase: z.enum(faseCodes).meta({ description: descriptions.fase }),
  objeto: z.string().meta({ description: descriptions.objeto }),
  valorEstimado: moneyOutput(descriptions.valorEstimado),
  valorContratado: moneyOutput(descriptions.valorContratado),
  dataPublicacao: dateOutput(descriptions.dataPublicacao),
  dataAssinatura: dateOutput(descriptions.dataAssinatura),
  vigenciaInicio: dateOutput(descriptions.vigenciaInicio),
  vigenciaFim: dateOutput(descriptions.vigenciaFim),
  fornecedor: z
    .object({
      documento: z.string().meta({ description: fornecedorDescriptions.documento }),
      nome: z.string().meta({ description: fornecedorDescriptions.nome }),
    })
    .nullable()
    .meta({ description: descriptions.fornecedor }),
  codigoPncp: z.string().nullable().meta({ description: descriptions.codigoPncp }),
  situacao: z.enum(situacaoContratacaoCodes).meta({
    description:
      `Situação dos dados da contratação no Tribunal: ${codeList(situacoesContratacao)}. ` +
      'Uma contratação enviada pela API começa em `nao_ha_dados_homologados`; só o Tribunal homologa, ' +
      'e uma contratação homologada não pode mais ser alterada nem excluída (409 CONTRATACAO_HOMOLOGADA).',
  }),
  versao: z.number().int().meta({
    description:
      'Versão do registro, a partir de 1: muda a cada alteração (e na homologação). A ETag é ela entre aspas (`"1"`), para o If-Match.',
  }),
  createdBy: authorshipOutput.meta({ description: 'Quem criou a contratação.' }),
  updatedBy: authorshipOutput.meta({ description: 'Quem alterou a contratação pela última vez; quem a criou, enquanto não foi alterada.' }),
});
