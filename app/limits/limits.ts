import type { Db } from '../db/knex.ts';
import { Limiter, type LimitSpec } from './limiter.ts';
import { LimitsRepository } from './limits.repository.ts';

/** What the failed-authentication and sign-in limits need: counters in the shared table, and a way to read it. */
export interface Limits {
  limiter(spec: LimitSpec): Limiter;
  repository: LimitsRepository;
}

export function createLimits(db: Db): Limits {
  return { limiter: (spec) => new Limiter(db, spec), repository: new LimitsRepository(db) };
}
