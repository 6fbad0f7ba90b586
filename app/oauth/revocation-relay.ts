import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import type { Revocation } from './revocations.repository.ts';

const ANNOUNCED = 'cidades:revocations';
const APPLIED = 'cidades:revocations-applied';
/** How long a change waits for the other server processes before it is answered anyway (one of them is stuck). */
const RELAY_TIMEOUT_MS = 2_000;

interface Announced {
  type: typeof ANNOUNCED;
  id: string;
  entries: Revocation[];
}

interface Applied {
  type: typeof APPLIED;
  id: string;
}

function isAnnounced(message: unknown): message is Announced {
  const m = message as Partial<Announced> | null;
  return m?.type === ANNOUNCED && typeof m.id === 'string' && Array.isArray(m.entries);
}

function isApplied(message: unknown): message is Applied {
  const m = message as Partial<Applied> | null;
  return m?.type === APPLIED && typeof m.id === 'string';
}

/**
 * In a server process of `npm start` (a node:cluster worker): hands the revocations this process wrote to the
 * others, through the primary, and resolves once each has applied them, so that a change is answered only when no
 * process of the instance still accepts the old secret. Elsewhere (one process, the tests) there is no one to tell.
 */
export class SiblingRevocations {
  private readonly waiting = new Map<string, () => void>();
  private readonly onMessage: (message: unknown) => void;

  constructor(
    apply: (entries: Revocation[]) => void,
    private readonly logger: Logger,
  ) {
    this.onMessage = (message) => {
      if (isAnnounced(message)) {
        apply(message.entries);
        process.send?.({ type: APPLIED, id: message.id } satisfies Applied);
      } else if (isApplied(message)) {
        this.waiting.get(message.id)?.();
      }
    };
    if (cluster.isWorker) process.on('message', this.onMessage);
  }

  stop(): void {
    process.off('message', this.onMessage);
    for (const done of [...this.waiting.values()]) done();
  }

  announce(entries: Revocation[]): Promise<void> {
    if (!cluster.isWorker || !process.send || entries.length === 0) return Promise.resolve();
    const id = randomUUID();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve();
      };
      const timer = setTimeout(() => {
        this.logger.warn({ revocations: entries.length }, 'another server process did not confirm revocations in time');
        done();
      }, RELAY_TIMEOUT_MS);
      this.waiting.set(id, done);
      process.send?.({ type: ANNOUNCED, id, entries } satisfies Announced);
    });
  }
}

/** In the primary: passes each server process's revocations to the others and tells it once all have applied them. */
export function relayRevocations(): void {
  const pending = new Map<string, { from: Worker; left: Set<Worker> }>();
  // Only processes that serve are waited for: one still starting reads the log before it listens.
  const serving = new Set<Worker>();
  cluster.on('listening', (worker) => serving.add(worker));
  const settle = (id: string) => {
    const entry = pending.get(id);
    if (!entry || entry.left.size > 0) return;
    pending.delete(id);
    if (entry.from.isConnected()) entry.from.send({ type: APPLIED, id } satisfies Applied);
  };
  cluster.on('message', (from, message: unknown) => {
    if (isAnnounced(message)) {
      const others = [...serving].filter((w) => w !== from && w.isConnected());
      pending.set(message.id, { from, left: new Set(others) });
      for (const worker of others) worker.send(message);
      setTimeout(() => pending.delete(message.id), RELAY_TIMEOUT_MS).unref();
      settle(message.id);
    } else if (isApplied(message)) {
      pending.get(message.id)?.left.delete(from);
      settle(message.id);
    }
  });
  // A process that exits will apply nothing: its replacement reads the log before it serves.
  cluster.on('exit', (worker) => {
    serving.delete(worker);
    for (const [id, entry] of pending) {
      entry.left.delete(worker);
      settle(id);
    }
  });
}
