import type { z } from 'zod';
import { ValidationError, type FieldErrors } from './app-error.ts';

/** Validates input against a zod schema; failures become a ValidationError with one pt-BR message per field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}
