import cluster from 'node:cluster';
import type { FailureThrottle } from './failure-throttle.ts';

export type Throttles = Record<'byClient' | 'byIp', FailureThrottle>;

const MESSAGE = 'cidades:client-auth-failure';

interface FailureMessage {
  type: typeof MESSAGE;
  throttle: keyof Throttles;
  key: string;
}

function isFailureMessage(message: unknown): message is FailureMessage {
  const m = message as Partial<FailureMessage> | null;
  return m?.type === MESSAGE && (m.throttle === 'byClient' || m.throttle === 'byIp') && typeof m.key === 'string';
}

/**
 * In a server process of `npm start` (a node:cluster worker): announces each failed client authentication to the
 * others, through the primary, and counts theirs, so the limits hold for the instance, not per process. Elsewhere
 * (a single process, the tests) nothing to do.
 */
export function shareFailures(throttles: Throttles): void {
  if (!cluster.isWorker) return;
  for (const name of ['byClient', 'byIp'] as const) {
    throttles[name].onFailure((key) => process.send?.({ type: MESSAGE, throttle: name, key } satisfies FailureMessage));
  }
  process.on('message', (message: unknown) => {
    if (isFailureMessage(message)) throttles[message.throttle].count(message.key);
  });
}

/** In the primary: passes each server process's failures on to the others. */
export function relayFailures(): void {
  cluster.on('message', (from, message: unknown) => {
    if (!isFailureMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {})) if (worker && worker !== from && worker.isConnected()) worker.send(message);
  });
}
