import type { KeysetQuery } from '../db/keyset.ts';
import type { Page } from '../db/page.ts';
import { NotFoundError } from '../errors/app-error.ts';
import type { ScopedCaller } from '../caller.ts';

/** What a data repository offers for reading: lists and lookups (a detail may say more than a list item) restricted to a set of UGs. */
export interface ScopedRepository<F, T, D = T> {
  list(query: KeysetQuery<F>): Promise<Page<T>>;
  findById(id: number, ugIds: readonly number[]): Promise<D | undefined>;
}

/** A list request, as its surface parsed it: the filters, the id after which the page starts, and its size. */
export type ListQuery<F> = Omit<KeysetQuery<F>, 'ugIds'>;

/**
 * Reads of one domain, always within the caller's visible UGs: a filter on another UG lists nothing, and another
 * UG's record is not found, exactly like a missing one.
 */
export class ScopedReader<F, T, D = T> {
  constructor(
    private readonly repository: ScopedRepository<F, T, D>,
    private readonly notFoundMessage: string,
  ) {}

  list(caller: ScopedCaller, query: ListQuery<F>): Promise<Page<T>> {
    return this.repository.list({ ...query, ugIds: caller.scope.visibleUgIds });
  }

  async get(caller: ScopedCaller, id: number): Promise<D> {
    const found = await this.repository.findById(id, caller.scope.visibleUgIds);
    if (!found) throw new NotFoundError(this.notFoundMessage);
    return found;
  }
}
