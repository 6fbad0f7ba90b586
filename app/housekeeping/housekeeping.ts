import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logger.ts';

/** One table's clean-up: deletes at most `limit` rows that have expired at `now`, and says how many it deleted. */
export interface CleanupJob {
  /** The table it cleans, as the log line names it. */
  name: string;
  deleteExpired(now: Date, limit: number): Promise<number>;
}

/** A task the schedule runs after the clean-up, such as keeping the planner's statistics. */
export interface MaintenanceTask {
  name: string;
  run(): Promise<void>;
}

/** How often each process runs every job (±10 %, so processes started together spread out). */
export const HOUSEKEEPING_INTERVAL_MS = 60 * 60 * 1000;
/** The first run, a few minutes after start (not at once: instances started together would all run together). */
const FIRST_RUN_MS = { min: 60_000, max: 5 * 60_000 };
/** Rows per delete statement: short enough that no statement holds its table's locks for long. */
export const CLEANUP_BATCH_SIZE = 1000;

type JobLogger = Pick<Logger, 'info' | 'error'>;

const between = (min: number, max: number) => min + Math.random() * (max - min);

/**
 * The scheduled clean-up of the tables that would otherwise grow for ever: every server process runs every job, about
 * hourly. Deletes are idempotent (a row already deleted by another process or instance is just not there), so running
 * them everywhere costs a few indexed statements that find nothing, and needs no lease; a backlog goes in batches, with
 * a turn of the event loop between them so requests are served meanwhile.
 */
export class Housekeeping {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopping = false;
  /** Errors logged elsewhere (the database away: once per outage, by app/db/availability.ts), not per job. */
  private absorbs: (err: unknown) => boolean = () => false;

  constructor(
    private readonly jobs: CleanupJob[],
    private readonly batchSize = CLEANUP_BATCH_SIZE,
    private readonly tasks: MaintenanceTask[] = [],
  ) {}

  /** The tables it cleans, in the order it cleans them. */
  get jobNames(): string[] {
    return this.jobs.map((job) => job.name);
  }

  /**
   * Runs every job once, each to the end of its backlog (or until `stop`); a job that fails is logged and the next one
   * runs. One info line per job that deleted something. Then the maintenance tasks, each logged if it fails. Returns
   * how many rows each job deleted.
   */
  async run(logger: JobLogger, now = new Date()): Promise<Record<string, number>> {
    const deleted: Record<string, number> = {};
    for (const job of this.jobs) {
      let count = 0;
      try {
        for (let batch = this.batchSize; batch === this.batchSize && !this.stopping;) {
          batch = await job.deleteExpired(now, this.batchSize);
          count += batch;
          if (batch === this.batchSize) await nextTurn();
        }
      } catch (err) {
        if (!this.absorbs(err)) logger.error({ err, table: job.name, deleted: count }, 'could not remove expired rows');
      }
      if (count > 0) logger.info({ table: job.name, deleted: count }, 'expired rows removed');
      deleted[job.name] = count;
    }
    for (const task of this.stopping ? [] : this.tasks) {
      await task.run().catch((err: unknown) => {
        if (!this.absorbs(err)) logger.error({ err, task: task.name }, 'maintenance task failed');
      });
    }
    return deleted;
  }

  /**
   * Runs the jobs a few minutes after start, then about every HOUSEKEEPING_INTERVAL_MS, until `stop`; an error
   * `absorbs` takes is not logged again.
   */
  start(logger: JobLogger, absorbs?: (err: unknown) => boolean): void {
    if (this.timer) return;
    if (absorbs) this.absorbs = absorbs;
    this.stopping = false;
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.run(logger).finally(() => {
          this.running = undefined;
          if (!this.stopping) schedule(between(0.9 * HOUSEKEEPING_INTERVAL_MS, 1.1 * HOUSEKEEPING_INTERVAL_MS));
        });
      }, delay);
      this.timer.unref();
    };
    schedule(between(FIRST_RUN_MS.min, FIRST_RUN_MS.max));
  }

  /** Stops the schedule; a run under way ends after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
