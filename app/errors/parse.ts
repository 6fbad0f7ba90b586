import type { z } from 'zod';
import { ValidationError, type FieldErrors } from './app-error.ts';

/**
 * The C0 control characters but tab, line feed and carriage return, and DEL: none belongs in a field, and PostgreSQL
 * refuses NUL in text (a failed query, not a missing record). Tab and line breaks are text, and stay.
 */
export const CONTROL_CHARACTERS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F';
const controlCharacter = new RegExp(`[${CONTROL_CHARACTERS}]`);
export const controlCharacterMessage = 'Não pode conter caracteres de controle.';

/**
 * Every string of an input (a form, a query, a JSON body, at any depth) that holds a control character, named by its
 * path as zod names a field (`fornecedor.nome`, `itens.0.descricao`); `root` for a string that is the whole input.
 */
export function controlCharacterFields(input: unknown, root: string, path: readonly string[] = []): FieldErrors {
  if (typeof input === 'string') {
    return controlCharacter.test(input) ? { [path.join('.') || root]: controlCharacterMessage } : {};
  }
  if (typeof input !== 'object' || input === null) return {};
  const fields: FieldErrors = {};
  for (const [key, value] of Object.entries(input)) Object.assign(fields, controlCharacterFields(value, root, [...path, key]));
  return fields;
}

/** Validates input against a zod schema; failures become a ValidationError with one pt-BR message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  const refused = controlCharacterFields(input, '_');
  if (result.success && Object.keys(refused).length === 0) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error?.issues ?? []) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  throw new ValidationError({ ...fields, ...refused });
}
