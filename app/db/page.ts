import type { Knex } from 'knex';

/**
 * Keyset pagination: the rows after `afterId` in the list's order, `limit` of them; or, going back, the `limit` rows
 * just before `beforeId` (the first page when fewer are left), still shown in the list's order.
 */
export interface PageRequest {
  afterId?: number;
  beforeId?: number;
  limit: number;
  /**
   * A list people page through (the portal's, not the API's): the page also says where the previous one ends and
   * how many rows lie before it (bounded, see COUNT_LIMIT), for its number.
   */
  numbered?: boolean;
  /** The listing's count as its first page found it (a cursor carries it): the following pages do not count again. */
  total?: TotalCount;
}

/**
 * One page of a list, and how many rows match in all (`totalCountExact: false`: at least that many, see COUNT_LIMIT);
 * `nextAfterId` is where the next page starts, or null on the last.
 */
export interface Page<T> {
  items: T[];
  totalCount: number;
  totalCountExact: boolean;
  nextAfterId: number | null;
  /** Where the previous page ends (`beforeId`: this page's first row), or null on the first page. */
  prevBeforeId?: number | null;
  /** How many rows lie before this page, when the request is `numbered` and the page has rows. */
  rowsBefore?: TotalCount;
}

/**
 * Where a count stops: past it, a listing says "more than COUNT_LIMIT" instead of reading every matching row, which
 * at a million rows would cost many times the page itself.
 */
export const COUNT_LIMIT = 10_000;

/** How many rows a query matches: exactly, or, past COUNT_LIMIT, at least COUNT_LIMIT (`exact: false`). */
export interface TotalCount {
  count: number;
  exact: boolean;
}

// Limits are written into the SQL, not bound: see whereIdIn (keyset.ts) for why a SQLite statement keeps them better.

/** How many filtered queries boundedCount remembers the size of (the oldest goes first). */
const COUNT_HINTS = 1_000;

/**
 * Whether a filtered query (by its SQL and values) matched at most COUNT_LIMIT rows when this process last counted it:
 * which way to count it next. A hint of the cost only: whichever way it counts, a count gives the same answer.
 */
const fewLastTime = new Map<string, boolean>();

function rememberCount(key: string, few: boolean): void {
  fewLastTime.delete(key);
  if (fewLastTime.size >= COUNT_HINTS) fewLastTime.delete(fewLastTime.keys().next().value as string);
  fewLastTime.set(key, few);
}

const countOf = (rows: unknown) => Number((rows as Array<{ n: number | string }>)[0]?.n ?? 0);
const totalOf = (n: number): TotalCount => (n > COUNT_LIMIT ? { count: COUNT_LIMIT, exact: false } : { count: n, exact: true });

/**
 * Counts the rows of a filtered query (`base`: filters only), reading at most COUNT_LIMIT + 1 of them. A query that
 * matched at most COUNT_LIMIT rows last time is counted plainly (`count(*)`), which costs SQLite about two thirds of
 * counting behind a LIMIT (a subquery that hands each row over); should it have grown past COUNT_LIMIT since, that
 * count reads all its rows once, answers as the bounded one would, and the next is bounded again.
 */
export async function boundedCount(base: Knex.QueryBuilder): Promise<TotalCount> {
  const plain = base.clone().clearSelect().clearOrder().count({ n: '*' });
  const { sql, bindings } = plain.toSQL();
  const key = `${sql}\n${JSON.stringify(bindings)}`;
  if (fewLastTime.get(key)) {
    const n = countOf(await plain);
    rememberCount(key, n <= COUNT_LIMIT);
    return totalOf(n);
  }
  const matching = base
    .clone()
    .clearSelect()
    .clearOrder()
    .select(base.client.raw('1'))
    .limit(COUNT_LIMIT + 1, { skipBinding: true });
  const n = countOf(await base.client.queryBuilder().count({ n: '*' }).from(matching.as('matching')));
  rememberCount(key, n <= COUNT_LIMIT);
  return totalOf(n);
}

/** Ascending (oldest first) for most lists; descending (newest first) for a trail such as the audit's. */
export type IdOrder = 'asc' | 'desc';

/** One page of rows without counting them; one row beyond the limit is read, so the last page is known. */
async function keysetRows<Row, T extends { id: number }>(
  base: Knex.QueryBuilder,
  request: PageRequest,
  map: (row: Row) => T,
  idColumn: string,
  order: IdOrder,
) {
  const rows = base
    .clone()
    .orderBy(idColumn, order)
    .limit(request.limit + 1, { skipBinding: true });
  if (request.afterId !== undefined) rows.where(idColumn, order === 'asc' ? '>' : '<', request.afterId);
  const all = ((await rows) as Row[]).map(map);
  const hasMore = all.length > request.limit;
  const items = hasMore ? all.slice(0, request.limit) : all;
  return { items, nextAfterId: hasMore ? (items.at(-1)?.id ?? null) : null };
}

/** The rows of `base` that come before row `id` in the list's order (`asc`: smaller ids; `desc`: larger). */
function rowsBeforeId(base: Knex.QueryBuilder, idColumn: string, order: IdOrder, id: number) {
  return base.clone().where(idColumn, order === 'asc' ? '<' : '>', id);
}

/** Whether a query matches any row, reading at most one. */
async function anyRow(query: Knex.QueryBuilder): Promise<boolean> {
  const rows = (await query.clearSelect().clearOrder().select(query.client.raw('1')).limit(1)) as unknown[];
  return rows.length > 0;
}

/**
 * The `limit` rows just before `beforeId`, read in the opposite order and shown in the list's; when no more than
 * `limit` are left, the first page itself (so going back always ends on the page "Primeira página" shows).
 */
async function keysetRowsBefore<Row, T extends { id: number }>(
  base: Knex.QueryBuilder,
  request: PageRequest & { beforeId: number },
  map: (row: Row) => T,
  idColumn: string,
  order: IdOrder,
) {
  const rows = rowsBeforeId(base, idColumn, order, request.beforeId)
    .orderBy(idColumn, order === 'asc' ? 'desc' : 'asc')
    .limit(request.limit + 1);
  const all = ((await rows) as Row[]).map(map);
  if (all.length <= request.limit) return keysetRows(base, { limit: request.limit }, map, idColumn, order);
  const items = all.slice(0, request.limit).reverse();
  const last = items[items.length - 1] as T;
  const hasNext = await anyRow(base.clone().where(idColumn, order === 'asc' ? '>' : '<', last.id));
  return { items, nextAfterId: hasNext ? last.id : null };
}

/**
 * Runs a filtered query as one page, ordered by `idColumn` (unique and stable, unlike names or dates: pages neither
 * skip nor repeat rows while others insert), and counts the rows the filters match up to COUNT_LIMIT, unless the
 * request carries the count of the listing's first page. `base` must hold the filters only, no order or limit.
 * A numbered or backward request also learns whether a previous page exists, from the rows before this one: counted
 * (bounded) for a numbered page, otherwise one row looked for.
 */
export async function keysetPage<Row, T extends { id: number }>(
  base: Knex.QueryBuilder,
  request: PageRequest,
  map: (row: Row) => T,
  idColumn = 'id',
  order: IdOrder = 'asc',
): Promise<Page<T>> {
  const total = request.total ?? (await boundedCount(base));
  const { beforeId } = request;
  const { items, nextAfterId } =
    beforeId === undefined
      ? await keysetRows(base, request, map, idColumn, order)
      : await keysetRowsBefore(base, { ...request, beforeId }, map, idColumn, order);
  const page = { items, totalCount: total.count, totalCountExact: total.exact, nextAfterId };
  if (!request.numbered && beforeId === undefined) return page;
  const first = items[0];
  if (first === undefined) return { ...page, prevBeforeId: null };
  const before = rowsBeforeId(base, idColumn, order, first.id);
  if (!request.numbered) return { ...page, prevBeforeId: (await anyRow(before)) ? first.id : null };
  const atStart = request.afterId === undefined && beforeId === undefined;
  const rowsBefore = atStart ? { count: 0, exact: true } : await boundedCount(before);
  return { ...page, prevBeforeId: rowsBefore.count > 0 ? first.id : null, rowsBefore };
}

/**
 * Every row of a filtered query, `size` at a time, one query per batch: what an export streams without holding
 * the whole result in memory. Rows inserted after the first batch lie before it in `desc` order and are not read.
 */
export async function* keysetBatches<Row, T extends { id: number }>(
  base: Knex.QueryBuilder,
  size: number,
  map: (row: Row) => T,
  idColumn = 'id',
  order: IdOrder = 'asc',
): AsyncGenerator<T[]> {
  let afterId: number | undefined;
  do {
    const { items, nextAfterId } = await keysetRows(base, { limit: size, afterId }, map, idColumn, order);
    if (items.length > 0) yield items;
    afterId = nextAfterId ?? undefined;
  } while (afterId !== undefined);
}
