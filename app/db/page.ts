import type { Knex } from 'knex';

/** Keyset pagination: the rows after `afterId`, in id order, `limit` of them. */
export interface PageRequest {
  afterId?: number;
  limit: number;
}

/** One page of a list, and how many rows match in all; `nextAfterId` is where the next page starts, or null on the last. */
export interface Page<T> {
  items: T[];
  totalCount: number;
  nextAfterId: number | null;
}

/**
 * Runs a filtered query as one page, ordered by `idColumn` (unique and stable, unlike names or dates: pages neither
 * skip nor repeat rows while others insert), and counts every row the filters match. `base` must hold the filters
 * only, no order or limit. One row beyond the limit is read, so the last page is known without a second query.
 */
export async function keysetPage<Row, T extends { id: number }>(base: Knex.QueryBuilder, request: PageRequest, map: (row: Row) => T, idColumn = 'id'): Promise<Page<T>> {
  const [count] = await base.clone().clearSelect().count<Array<{ n: number | string }>>({ n: '*' });
  const rows = base.clone().orderBy(idColumn).limit(request.limit + 1);
  if (request.afterId !== undefined) rows.where(idColumn, '>', request.afterId);
  const all = ((await rows) as Row[]).map(map);
  const hasMore = all.length > request.limit;
  const items = hasMore ? all.slice(0, request.limit) : all;
  return { items, totalCount: Number(count?.n ?? 0), nextAfterId: hasMore ? (items.at(-1)?.id ?? null) : null };
}
