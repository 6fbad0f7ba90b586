import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DatabaseHealthRepository } from './database-health.repository.ts';
import { HttpMetrics } from './http-metrics.ts';
import { TokenMetrics } from './token-metrics.ts';

/** The process's own metrics (CPU, memory, event-loop lag, GC: prom-client's defaults), registered once per process. */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** Seconds from a revocation's entry being written to this process applying it. */
const LAG_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** One app's metrics, in a registry of its own (tests build several apps in one process), plus the process's. */
export class Metrics {
  readonly registry = new Registry();
  readonly http = new HttpMetrics(this.registry);
  readonly tokens = new TokenMetrics(this.registry);
  private readonly revocationLag = new Histogram({
    name: 'cidades_revocation_lag_seconds',
    help: "Time from a revocation being written (renewed, deleted or blocked key) to this process refusing the key's tokens.",
    buckets: LAG_BUCKETS,
    registers: [this.registry],
  });

  constructor(database: DatabaseHealthRepository) {
    const states = ['used', 'free', 'pending', 'max'] as const;
    // Read at each scrape: nothing is counted on the way.
    new Gauge({
      name: 'cidades_db_pool_connections',
      help: 'Database pool: connections in use, idle, acquisitions waiting for one, and the pool size.',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        const use = database.poolUse();
        for (const state of states) this.set({ state }, use?.[state] ?? 0);
      },
    });
  }

  /** `lagMs`: how long after its entry was written this process applied a revocation. */
  revocationApplied(lagMs: number): void {
    this.revocationLag.observe(Math.max(0, lagMs) / 1000);
  }

  /** Every registry a scrape of this process reads. */
  registries(): Registry[] {
    return [processMetrics(), this.registry];
  }
}
