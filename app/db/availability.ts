import type { Logger } from '../logger.ts';
import { isDatabaseUnavailable, unavailableReason } from './errors.ts';
import type { Db } from './knex.ts';

/**
 * Whether this process sees the database, logged once per outage: `database unavailable` (with the reason) at the
 * first failure that says it is away, `database available again` (with how long it was away) at the next query that
 * succeeds. Requests failing meanwhile are answered 503 and stay in the request log, and background timers stay quiet,
 * instead of a stack per request or per tick (about 1,000 lines for a 20-second outage before).
 */
export class DatabaseAvailability {
  private downSince: number | undefined;
  private logger: Logger | undefined;
  private readonly succeeded = () => {
    if (this.downSince === undefined) return;
    const downMs = Date.now() - this.downSince;
    this.downSince = undefined;
    this.logger?.info({ downMs }, 'database available again');
  };

  constructor(private readonly db: Db) {}

  /**
   * Logs transitions from now on (the server's app starts it; the command line, which prints its own errors, does not);
   * every successful query of the pool, transactions included, ends an outage.
   */
  start(logger: Logger): void {
    this.logger = logger;
    this.db.removeListener('query-response', this.succeeded);
    this.db.on('query-response', this.succeeded);
  }

  stop(): void {
    this.db.removeListener('query-response', this.succeeded);
  }

  get available(): boolean {
    return this.downSince === undefined;
  }

  /** True when `err` says the database is away (see isDatabaseUnavailable): then it is logged here, once per outage. */
  absorbs(err: unknown): boolean {
    if (!isDatabaseUnavailable(err)) return false;
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.logger?.error({ reason: unavailableReason(err) }, 'database unavailable');
    }
    return true;
  }

  /** For background work (timers, polls): the database away is logged once per outage, any other error with its stack. */
  report(err: unknown, message: string): void {
    if (!this.absorbs(err)) this.logger?.error({ err }, message);
  }
}
