import { z } from 'zod';
import { MONEY_PATTERN } from './money.ts';

/** Field builders with pt-BR messages shared by the data domains (contratações, remessas, atos de pessoal) and the forms. */

/**
 * A field a form may leave blank: blank (empty, or only spaces) means absent, as if the field were not sent; anything
 * else goes through `field`. What a GET form's empty filter, an optional select or an optional código submits.
 */
export function blankIsAbsent<T extends z.ZodType>(field: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), field.optional());
}

export function textField(label: string, max: number) {
  return z
    .string({ error: `Informe ${label}.` })
    .trim()
    .min(1, `Informe ${label}.`)
    .max(max, `${capitalize(label)} deve ter no máximo ${max} caracteres.`);
}

function capitalize(label: string): string {
  const words = label.split(' ');
  // "o número do processo" → "O número do processo"
  return [words[0]?.replace(/^./, (c) => c.toUpperCase()), ...words.slice(1)].join(' ');
}

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A calendar date, AAAA-MM-DD, that exists (2025-02-30 is refused); `format: date` says so in the document. */
export function dateField(label: string) {
  return z
    .string({ error: `Informe ${label} no formato AAAA-MM-DD.` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Informe ${label} no formato AAAA-MM-DD.`)
    .refine(isCalendarDate, `${capitalize(label)} não é uma data válida.`)
    .meta({ format: 'date' });
}

/** A decimal string such as "1234.56"; numbers are refused because JSON numbers become floats. */
export function moneyField(label: string) {
  return z
    .string({ error: `Informe ${label} como texto decimal, por exemplo "1234.56".` })
    .trim()
    .regex(MONEY_PATTERN, `Informe ${label} como texto decimal não negativo com até duas casas, por exemplo "1234.56".`);
}

/**
 * A query parameter's text read as a number, as `z.coerce.number` reads it (`Number(text)`), before `field` checks it:
 * unlike a coercion, the document then shows `field` itself (its enumeration, its bounds), not a bare `number`.
 */
export function numberFromText<T extends z.ZodType>(field: T) {
  return z.preprocess((value) => (typeof value === 'string' ? Number(value) : value), field);
}

/** A year from 1900 to 2100, in a query parameter. */
export function yearField(label: string) {
  return numberFromText(
    z
      .number({ error: `Informe ${label}.` })
      .int(`${capitalize(label)} deve ser um número inteiro.`)
      .min(1900, `${capitalize(label)} deve estar entre 1900 e 2100.`)
      .max(2100, `${capitalize(label)} deve estar entre 1900 e 2100.`),
  );
}

/** Largest id an `integer` column holds on PostgreSQL: a bigger one would fail the query instead of finding nothing. */
export const MAX_ID = 2_147_483_647;

/**
 * The one rule for a record id, in a path, a filter or an option: a positive integer the id column can hold. With a
 * label, every way it fails says "<label> é inválido."; without, zod's own (localised) messages.
 */
export function idField(label?: string) {
  const message = label === undefined ? undefined : `${capitalize(label)} é inválido.`;
  return z.coerce.number({ error: message }).int(message).min(1, message).max(MAX_ID, message);
}

/** The same rule for an id in a JSON body, where it is a number: a string such as "12" is refused, not read. */
export function jsonIdField(message: string) {
  return z.number({ error: message }).int(message).min(1, message).max(MAX_ID, message);
}

/** One of the domain's codes, with the accepted values in the message. */
export function codeField<const T extends readonly [string, ...string[]]>(label: string, values: T) {
  return z.enum(values, { error: `Valor inválido para ${label}: use ${values.join(', ')}.` });
}

/** An object that refuses fields it does not know, naming them: a typo must not be silently dropped. */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `Campo desconhecido: ${issue.keys.join(', ')}.` : undefined),
  });
}

/** A domain's codes with their labels, for a parameter's description: `homologada` (Homologada), … */
export function codeList(codes: Record<string | number, string>): string {
  return Object.entries(codes)
    .map(([code, label]) => `\`${code}\` (${label})`)
    .join(', ');
}
