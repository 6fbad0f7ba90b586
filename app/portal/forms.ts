import type { Request, Response } from 'express';
import type { z } from 'zod';
import { FieldsError, NotFoundError, type FieldErrors } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import { idField } from '../records/fields.ts';

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

/**
 * The portal's one parse of what a user submitted: the form's string values through the domain's own schema, whose
 * pt-BR messages the page shows next to each field (a ValidationError, read back by `formErrors`).
 */
export function parseForm<S extends z.ZodType>(schema: S, values: Readonly<Record<string, string | undefined>>): z.output<S> {
  return parseInput(schema, values);
}

const pathIdSchema = idField();

/**
 * The time of the secret a confirmation page showed (its hidden `segredoDe`, in ms), so the form renews that secret
 * once; undefined when the form did not send one.
 */
export function shownSecretTime(req: Request): Date | undefined {
  const value = formFields(req, ['segredoDe'] as const).segredoDe;
  return /^\d{1,15}$/.test(value) ? new Date(Number(value)) : undefined;
}

/** A record id in the page's address; anything but a positive integer names nothing, as a missing record. */
export function pathId(value: string | undefined, notFoundMessage: string): number {
  const parsed = value !== undefined && /^\d+$/.test(value) ? pathIdSchema.safeParse(value) : undefined;
  if (!parsed?.success) throw new NotFoundError(notFoundMessage);
  return parsed.data;
}

/** What a list page shows under the errors of bad filters: nothing listed, and no page links but the first. */
export const emptyListing = {
  items: [],
  totalCount: 0,
  totalCountExact: true,
  nextAfterId: null,
  prevBeforeId: null,
  pageLabel: null,
  query: '',
  showFirstPageLink: true,
};

/** A list page's filters as parsed from its address, or the errors (and status) to show next to their fields. */
export type ListQuery<T> = { ok: true; filters: T } | { ok: false; errors: FieldErrors; status: number };

/**
 * A list page's filters from its address, parsed once (a repeated field is an error, not a blank), for a page that
 * reads more before it can show bad filters (the UG it belongs to); with bad filters, it lists `emptyListing`.
 */
export function readListQuery<S extends z.ZodType>(req: Request, schema: S): ListQuery<z.output<S>> {
  try {
    return { ok: true, filters: parseInput(schema, req.query) };
  } catch (err) {
    const { status, errors } = formErrors(err);
    return { ok: false, errors, status };
  }
}

/**
 * A list page's filters from its address, parsed once (a repeated field is an error, not a blank). Bad filters are
 * shown next to their fields, over an empty list, with `locals` (what was typed), and null is returned.
 */
export function parseListQuery<S extends z.ZodType>(
  req: Request,
  res: Response,
  schema: S,
  view: string,
  locals: Record<string, unknown>,
): z.output<S> | null {
  const query = readListQuery(req, schema);
  if (query.ok) return query.filters;
  res.status(query.status).render(view, { ...emptyListing, ...locals, errors: query.errors });
  return null;
}
