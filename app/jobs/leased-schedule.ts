import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger.ts';
import type { JobLeasesRepository } from './job-leases.repository.ts';

export type JobLogger = Pick<Logger, 'info' | 'warn'>;

/** What a run is given: its time, its log, and `stillHeld`, which renews the lease and says whether it is still held. */
export interface JobRun {
  now: Date;
  logger: JobLogger;
  stillHeld(): Promise<boolean>;
}

/** A job that runs once per instance group. */
export interface LeasedJob {
  /** The lease's name (a row of job_leases). */
  name: string;
  run(run: JobRun): Promise<void>;
}

/**
 * A lease outlives several ticks and any one step of a run (an SMTP exchange is bounded well below it, see
 * mailer.ts), so a holder renewing it before each step never finds another process doing the same step.
 */
const MIN_LEASE_MS = 60_000;

/** Who holds a lease: this machine and process, and a random part for two apps in one process (the tests'). */
function leaseHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * Runs a job about every `intervalMs` in every server process, and lets it run only where the job's lease is held:
 * each tick takes the lease (or renews it), so one process of the whole instance group runs it, and another takes over
 * once a holder stops (it releases the lease) or dies (its lease expires).
 */
export class LeasedSchedule {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly leaseMs: number;

  constructor(
    private readonly leases: JobLeasesRepository,
    private readonly job: LeasedJob,
    private readonly intervalMs: number,
    readonly holder = leaseHolder(),
  ) {
    this.leaseMs = Math.max(MIN_LEASE_MS, 3 * intervalMs);
  }

  /** Takes or renews the lease now: true while this schedule holds it (false once stopping). */
  private async hold(): Promise<boolean> {
    if (this.stopping) return false;
    const now = new Date();
    return this.leases.acquire(this.job.name, this.holder, now, new Date(now.getTime() + this.leaseMs));
  }

  /** One tick: the job's run if this process holds (or gets) its lease; false if another process holds it. */
  async tick(logger: JobLogger): Promise<boolean> {
    if (!(await this.hold())) return false;
    await this.job.run({ now: new Date(), logger, stillHeld: () => this.hold() });
    return true;
  }

  /** Ticks about every `intervalMs` until `stop`; a tick that fails is given to `onError`, and the next one runs. */
  start(logger: JobLogger, onError: (err: unknown) => void): void {
    if (this.timer) return;
    this.stopping = false;
    const schedule = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.tick(logger)
          .then(() => undefined, onError)
          .finally(() => {
            this.running = undefined;
            if (!this.stopping) schedule(this.intervalMs);
          });
      }, delay);
      this.timer.unref();
    };
    // Spread over the first interval: processes started together do not all ask for the lease at once.
    schedule(Math.random() * this.intervalMs);
  }

  /** Stops the schedule, waits for a run under way (it sees `stillHeld` false at its next step), releases the lease. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
    // The database away: the lease expires by itself, and another process takes over then.
    await this.leases.release(this.job.name, this.holder).catch(() => undefined);
  }
}
