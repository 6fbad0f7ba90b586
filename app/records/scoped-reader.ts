import type { z } from 'zod';
import type { KeysetQuery } from '../db/keyset.ts';
import type { Page } from '../db/page.ts';
import { NotFoundError } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import type { ScopedCaller } from '../caller.ts';
import { pageSchema } from './fields.ts';

/** What a data repository offers for reading: lists and lookups (a detail may say more than a list item) restricted to a set of UGs. */
export interface ScopedRepository<F, T, D = T> {
  list(query: KeysetQuery<F>): Promise<Page<T>>;
  findById(id: number, ugIds: readonly number[]): Promise<D | undefined>;
}

/** A list request: filters as sent (validated here), the id after which the page starts, and its size. */
export interface ListInput {
  filters?: unknown;
  afterId?: unknown;
  limit?: unknown;
}

/** A record id from a path: anything but a positive integer names no record. */
export function recordId(value: unknown): number | null {
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(id) && id > 0 && id <= 2147483647 ? id : null;
}

/**
 * Reads of one domain, always within the caller's visible UGs: a filter on another UG lists nothing, and another
 * UG's record is not found, exactly like a missing one.
 */
export class ScopedReader<S extends z.ZodType, T, D = T> {
  constructor(
    private readonly repository: () => ScopedRepository<z.output<S>, T, D>,
    private readonly filtersSchema: S,
    private readonly notFoundMessage: string,
  ) {}

  async list(caller: ScopedCaller, input: ListInput = {}): Promise<Page<T>> {
    const filters = parseInput(this.filtersSchema, input.filters ?? {});
    const page = parseInput(pageSchema, { afterId: input.afterId, limit: input.limit });
    return this.repository().list({ ugIds: caller.scope.visibleUgIds, filters, afterId: page.afterId, limit: page.limit });
  }

  async get(caller: ScopedCaller, id: unknown): Promise<D> {
    const recordIdValue = recordId(id);
    const found = recordIdValue === null ? undefined : await this.repository().findById(recordIdValue, caller.scope.visibleUgIds);
    if (!found) throw new NotFoundError(this.notFoundMessage);
    return found;
  }
}
