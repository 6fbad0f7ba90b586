import type { Knex } from 'knex';

/** A page of a list ordered by id: the caller asks for the rows after `afterId`. */
export interface KeysetPage<T> {
  items: T[];
  /** Every row matching the filters, whatever the page. */
  totalCount: number;
  /** The `afterId` of the next page, or null on the last one. */
  nextAfterId: number | null;
}

export interface KeysetQuery<F> {
  /** The UGs whose rows may be listed; an empty list lists nothing. */
  ugIds: number[];
  filters: F;
  afterId?: number;
  limit: number;
}

/**
 * Counts and pages a filtered query by id. One row beyond the limit is read so the last page is known without a
 * second query; ids are stable, so pages neither skip nor repeat rows while others insert.
 */
export async function keysetPage<Row, T>(
  base: Knex.QueryBuilder,
  idColumn: string,
  query: { afterId?: number; limit: number },
  map: (row: Row) => T,
): Promise<KeysetPage<T>> {
  const [countRow] = await base.clone().clearSelect().count<Array<{ n: number | string }>>({ n: '*' });
  const page = base.clone().orderBy(idColumn, 'asc').limit(query.limit + 1);
  if (query.afterId !== undefined) page.where(idColumn, '>', query.afterId);
  const rows = (await page) as Row[];
  const hasMore = rows.length > query.limit;
  const items = rows.slice(0, query.limit).map(map);
  const last = items.length > 0 ? (rows[items.length - 1] as Record<string, unknown>) : undefined;
  return { items, totalCount: Number(countRow?.n ?? 0), nextAfterId: hasMore && last ? Number(last.id) : null };
}

/** Lower case without accents: what text searches compare, identically on every database. */
export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** `column like %text%` on a column stored `searchable`, with the user's text taken literally (its % and _ escaped). */
export function whereContains(query: Knex.QueryBuilder, searchableColumn: string, text: string): void {
  const like = `%${searchable(text).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  query.whereRaw(`?? like ? escape '\\'`, [searchableColumn, like]);
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
