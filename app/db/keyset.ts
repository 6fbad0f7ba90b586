import type { Knex } from 'knex';
import type { PageRequest } from './page.ts';

/** A list query of a UG-scoped table: the UGs whose rows may be listed (an empty list lists nothing) and its filters. */
export interface KeysetQuery<F> extends PageRequest {
  ugIds: readonly number[];
  filters: F;
}

/**
 * `column in (ids)` with the ids written into the SQL rather than bound. SQLite (built with STAT4, as better-sqlite3
 * is) prepares a statement again on each run that binds a value in its WHERE or its LIMIT, as the value might change
 * the plan: with the visible UGs' ids in its text, a list's statement is prepared once and kept (knexfile.ts). Only
 * safe integers are written; an empty list matches nothing, as Knex's whereIn does.
 */
export function whereIdIn(query: Knex.QueryBuilder, column: string, ids: readonly number[]): void {
  if (!ids.every((id) => Number.isSafeInteger(id))) throw new TypeError(`whereIdIn: ${column} ids must be integers`);
  if (ids.length === 0) query.whereRaw('1 = 0');
  else query.whereRaw(`?? in (${ids.join(', ')})`, [column]);
}

/** Lower case without accents: what text searches compare, identically on every database. */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** `%text%` for `like … escape '\\'`, the user's text taken literally (its \\, % and _ escaped). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column like %text%` on a column stored `searchable`, with the user's text taken literally. */
export function whereContains(query: Knex.QueryBuilder, searchableColumn: string, text: string): void {
  whereContainsAny(query, searchableColumn, [text]);
}

/** `column like %text%` for any of the texts (e.g. a CNPJ as typed and without its mask). */
export function whereContainsAny(query: Knex.QueryBuilder, searchableColumn: string, texts: readonly string[]): void {
  query.where((w) => {
    for (const text of texts) w.orWhereRaw(`?? like ? escape '\\'`, [searchableColumn, likePattern(searchable(text))]);
  });
}

/** Adds `column >= min` and `column <= max` for the bounds given. */
export function whereBetween(query: Knex.QueryBuilder, column: string, min: unknown, max: unknown): void {
  if (min !== undefined) query.where(column, '>=', min as Knex.Value);
  if (max !== undefined) query.where(column, '<=', max as Knex.Value);
}

/** Adds `column = value` for each filter given (undefined ones are skipped). */
export function whereEquals(query: Knex.QueryBuilder, columns: Record<string, unknown>): void {
  for (const [column, value] of Object.entries(columns)) {
    if (value !== undefined) query.where(column, value as Knex.Value);
  }
}
