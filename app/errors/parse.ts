import type { z } from 'zod';
import { ValidationError, type FieldErrors } from './app-error.ts';

/**
 * The C0 control characters but tab, line feed and carriage return, and DEL: none belongs in a field, and PostgreSQL
 * refuses NUL in text (a failed query, not a missing record). Tab and line breaks are text, and stay.
 */
export const CONTROL_CHARACTERS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F';
const controlCharacter = new RegExp(`[${CONTROL_CHARACTERS}]`);
export const controlCharacterMessage = 'Não pode conter caracteres de controle.';

const MAX_REPORTED = 50;

interface Step {
  value: unknown;
  key: string;
  parent: Step | undefined;
}

function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let at: Step | undefined = step; at?.parent; at = at.parent) keys.push(at.key);
  return keys.reverse().join('.');
}

/**
 * Every string of an input (a form, a query, a JSON body, at any depth) that holds a control character, named by its
 * path as zod names a field (`fornecedor.nome`, `itens.0.descricao`); `root` for a string that is the whole input.
 * Walked with a stack of its own, each value linked to its parent: a body of 1 MiB can nest arrays deeper than the call
 * stack goes, and copying paths level by level would take quadratic time; for the same reason, the first
 * `MAX_REPORTED` such strings are named, not every one.
 */
export function controlCharacterFields(input: unknown, root: string): FieldErrors {
  const fields: FieldErrors = {};
  const pending: Step[] = [{ value: input, key: '', parent: undefined }];
  let reported = 0;
  for (let step = pending.pop(); step && reported < MAX_REPORTED; step = pending.pop()) {
    const { value } = step;
    if (typeof value === 'string' && controlCharacter.test(value)) {
      fields[pathOf(step) || root] = controlCharacterMessage;
      reported += 1;
    }
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) pending.push({ value: child, key, parent: step });
  }
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
