import type { Request } from 'express';
import { FieldsError, type FieldErrors } from '../errors/app-error.ts';

function stringFields<K extends string>(source: unknown, names: readonly K[]): Record<K, string> {
  const values = (source ?? {}) as Record<string, unknown>;
  const fields = {} as Record<K, string>;
  for (const name of names) {
    const value = values[name];
    fields[name] = typeof value === 'string' ? value : '';
  }
  return fields;
}

/** The named fields of a submitted form, as strings (absent or repeated fields become ''). */
export function formFields<K extends string>(req: Request, names: readonly K[]): Record<K, string> {
  return stringFields(req.body, names);
}

/** The named fields of a GET form (filters) as typed, to show them again beside their errors. */
export function queryFields<K extends string>(req: Request, names: readonly K[]): Record<K, string> {
  return stringFields(req.query, names);
}

/** The per-field messages of an error a form shows next to its fields; any other error is rethrown. */
export function formErrors(err: unknown): { status: number; errors: FieldErrors; message: string } {
  if (err instanceof FieldsError) return { status: err.status, errors: err.fields, message: err.message };
  throw err;
}
