import type { Knex } from 'knex';

/** Keyset pagination: the rows after `afterId`, in id order, `limit` of them. */
export interface PageRequest {
  afterId?: number;
  limit: number;
}

/** What a repository's list method answers: one page of rows and how many rows match in all. */
export interface ListResult<T> {
  items: T[];
  totalCount: number;
}

/** A page as services answer it: `nextAfterId` is where the next page starts, or null on the last page. */
export interface Page<T> extends ListResult<T> {
  nextAfterId: number | null;
}

/** Asks for one row more than the page holds: whether another page follows is known without a second query. */
export async function fetchPage<T extends { id: number }>(request: PageRequest, list: (request: PageRequest) => Promise<ListResult<T>>): Promise<Page<T>> {
  const { items, totalCount } = await list({ afterId: request.afterId, limit: request.limit + 1 });
  const hasMore = items.length > request.limit;
  const page = hasMore ? items.slice(0, request.limit) : items;
  return { items: page, totalCount, nextAfterId: hasMore ? (page.at(-1)?.id ?? null) : null };
}

/**
 * Runs a filtered query as one page, ordered by `idColumn` (unique and stable, unlike names or dates), and counts
 * every row the filters match. `base` must hold the filters only, no order or limit.
 */
export async function keysetPage<Row, T>(base: Knex.QueryBuilder, request: PageRequest, map: (row: Row) => T, idColumn = 'id'): Promise<ListResult<T>> {
  const [count] = await base.clone().clearSelect().count<Array<{ n: number | string }>>({ n: '*' });
  const rows = base.clone().orderBy(idColumn).limit(request.limit);
  if (request.afterId !== undefined) rows.where(idColumn, '>', request.afterId);
  return { items: ((await rows) as Row[]).map(map), totalCount: Number(count?.n ?? 0) };
}
