import { z } from 'zod';
import { ValidationError, type FieldErrors } from '../errors/app-error.ts';
import { cpfOrCnpjField } from '../documents/document-fields.ts';
import { codeField, dateField, idField, moneyField, strictObject, textField } from '../records/fields.ts';
import { authorshipOutput, dateOutput, moneyOutput, recordOutput } from '../records/output-fields.ts';
import { faseCodes, LAST_NLLC_MODALIDADE, modalidadeCodes, situacaoContratacaoCodes, type Modalidade } from './contratacoes.codes.ts';

const modalidadeMessage = `Modalidade inválida: use um código do PNCP de 1 a ${LAST_NLLC_MODALIDADE} ou, para contratações antigas, de 101 a 105.`;

const anoField = z
  .number({ error: 'Informe o ano do processo (número inteiro).' })
  .int('Informe o ano do processo (número inteiro).')
  .min(1900, 'O ano do processo deve estar entre 1900 e 2100.')
  .max(2100, 'O ano do processo deve estar entre 1900 e 2100.');

const modalidadeField = z
  .number({ error: modalidadeMessage })
  .refine((code) => (modalidadeCodes as number[]).includes(code), modalidadeMessage)
  .transform((code) => code as Modalidade);

const fornecedorSchema = strictObject({
  documento: cpfOrCnpjField,
  nome: textField('o nome do fornecedor', 200),
});

/** The fields a contratação may leave empty (null). */
const nullableFields = {
  valorEstimado: moneyField('o valor estimado').nullable(),
  valorContratado: moneyField('o valor contratado').nullable(),
  dataPublicacao: dateField('a data de publicação').nullable(),
  dataAssinatura: dateField('a data de assinatura').nullable(),
  vigenciaInicio: dateField('o início da vigência').nullable(),
  vigenciaFim: dateField('o fim da vigência').nullable(),
  fornecedor: fornecedorSchema.nullable(),
  codigoPncp: z
    .string({ error: 'Informe o código PNCP como texto.' })
    .trim()
    .regex(/^[0-9A-Z]{14}-\d-\d{6}\/\d{4}$/, 'Código PNCP inválido: use o formato 00000000000000-1-000000/AAAA.')
    .nullable(),
};

const contratacaoFields = {
  numeroProcesso: textField('o número do processo', 30),
  ano: anoField,
  nllc: z.boolean({ error: 'Informe se a contratação segue a Lei 14.133/2021 (nllc: true ou false).' }),
  modalidade: modalidadeField,
  fase: codeField('a fase', faseCodes),
  objeto: textField('o objeto', 2000),
  ...nullableFields,
};

/** The nullable fields, null when left out: what a full replacement does with a field it does not send. */
function nullWhenLeftOut<S extends Record<string, z.ZodNullable>>(shape: S): { [K in keyof S]: z.ZodDefault<S[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.default(null)])) as {
    [K in keyof S]: z.ZodDefault<S[K]>;
  };
}

/** Every field optional, with no default: what a PATCH leaves out keeps its value. */
function leftOutKeeps<S extends Record<string, z.ZodType>>(shape: S): { [K in keyof S]: z.ZodOptional<S[K]> } {
  return Object.fromEntries(Object.entries(shape).map(([name, field]) => [name, field.optional()])) as {
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
}).superRefine((data, ctx) => {
  for (const [path, message] of Object.entries(contratacaoRuleErrors(data))) ctx.addIssue({ code: 'custom', path: [path], message });
});

export type ContratacaoData = z.output<typeof contratacaoSchema>;

/** PATCH: any of the fields, none filled in by default (a left-out field keeps its value); the merged record is then checked with `checkContratacao`. */
export const contratacaoPatchSchema = strictObject(leftOutKeeps(contratacaoFields));

export type ContratacaoChanges = z.output<typeof contratacaoPatchSchema>;

const queryNumber = <T extends z.ZodType<unknown, number>>(field: T, message: string) => z.coerce.number({ error: message }).pipe(field);
const moneyFilter = (label: string) => moneyField(label).optional();
const dateFilter = (label: string) => dateField(label).optional();

export const contratacaoFiltersSchema = strictObject({
  ugId: idField('o identificador da unidade gestora').optional(),
  ano: queryNumber(anoField, 'Informe o ano do processo (número inteiro).').optional(),
  modalidade: queryNumber(modalidadeField, modalidadeMessage).optional(),
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

/** A contratação as the API returns it. */
export const contratacaoOutputSchema = z.object({
  ...recordOutput,
  numeroProcesso: z.string().meta({ description: 'Número do processo administrativo na unidade gestora.' }),
  ano: z.number().int().meta({ description: 'Ano do processo.' }),
  nllc: z.boolean().meta({ description: 'Se a contratação segue a Lei 14.133/2021.' }),
  modalidade: z.number().int().meta({ description: 'Modalidade pelo código do PNCP (1 a 14), ou 101 a 105 para as leis anteriores.' }),
  fase: z.enum(faseCodes),
  objeto: z.string(),
  valorEstimado: moneyOutput('Valor estimado'),
  valorContratado: moneyOutput('Valor contratado'),
  dataPublicacao: dateOutput('Data de publicação'),
  dataAssinatura: dateOutput('Data de assinatura'),
  vigenciaInicio: dateOutput('Início da vigência'),
  vigenciaFim: dateOutput('Fim da vigência'),
  fornecedor: z
    .object({ documento: z.string().meta({ description: 'CPF (11 dígitos) ou CNPJ (14 caracteres).' }), nome: z.string() })
    .nullable(),
  codigoPncp: z.string().nullable().meta({ description: 'Número de controle no Portal Nacional de Contratações Públicas.' }),
  situacao: z
    .enum(situacaoContratacaoCodes)
    .meta({ description: 'Situação dos dados da contratação no Tribunal; só o Tribunal homologa.' }),
  versao: z.number().int().meta({ description: 'Versão do registro: muda a cada alteração; é a ETag.' }),
  createdBy: authorshipOutput,
  updatedBy: authorshipOutput,
});
