import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { relayRevocations } from './oauth/revocation-relay.ts';
import { relayFailures } from './oauth/shared-throttles.ts';
import { relayMetrics } from './ops/cluster-metrics.ts';
import { RESTART_DELAY_MS, restartDelay } from './restart-backoff.ts';

/** After the drain bound, what a process that has not exited yet is given before it is killed. */
const EXIT_GRACE_MS = 5_000;

/**
 * The primary of `npm start` with several processes (node:cluster): starts `config.workers` server processes on one
 * port, replaces one that dies after listening (with backoff), and on SIGTERM/SIGINT stops them all, exiting 0 only
 * if every one of them drained.
 */
export function supervise(config: Config, logger: Logger): void {
  // Each process accepts its own connections from the shared socket. In round-robin (the default) the primary
  // accepts them and hands each to a process; one handed to a process that has just died is never answered nor
  // closed: the client waits until it gives up.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let stopping = false;
  let backoff = RESTART_DELAY_MS;
  let restart: NodeJS.Timeout | undefined;
  const serving = new WeakSet<Worker>();
  const fork = () => {
    restart = undefined;
    // Two deaths close together leave two timers; `stop` clears only the last one.
    if (stopping) return;
    const worker = cluster.fork();
    let listenedAt: number | undefined;
    worker.once('listening', () => {
      listenedAt = Date.now();
      serving.add(worker);
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      // One that never listened is broken (port taken, database unreachable): stop instead of restarting forever.
      if (listenedAt === undefined) {
        console.error(`Um processo do servidor terminou antes de começar a atender (${signal ?? code}); o CidadES será encerrado.`);
        stop(1);
        return;
      }
      const { delayMs: delay, next } = restartDelay(backoff, Date.now() - listenedAt);
      backoff = next;
      logger.error({ pid: worker.process.pid, code, signal, restartInMs: delay }, 'server process exited; starting another');
      restart = setTimeout(fork, delay);
    });
  };
  const stop = (exitCode: number, signal: NodeJS.Signals = 'SIGTERM') => {
    stopping = true;
    clearTimeout(restart);
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    // One still starting dies of the signal before it handles it; it had nothing to drain.
    const exitedClean = (worker: Worker, code: number, exitSignal: string | null) =>
      code === 0 || (!serving.has(worker) && exitSignal === signal);
    const exits = workers.map(
      (worker) =>
        new Promise<boolean>((resolve) => worker.once('exit', (code, exitSignal) => resolve(exitedClean(worker, code, exitSignal)))),
    );
    for (const worker of workers) worker.process.kill(signal);
    const late = setTimeout(() => {
      logger.error({ pids: workers.filter((w) => !w.isDead()).map((w) => w.process.pid) }, 'server processes did not exit; killing them');
      for (const worker of workers) if (!worker.isDead()) worker.process.kill('SIGKILL');
    }, config.shutdownTimeoutMs + EXIT_GRACE_MS);
    void Promise.all(exits).then((drained) => {
      clearTimeout(late);
      const code = exitCode === 0 && drained.every(Boolean) ? 0 : 1;
      logger.info({ exitCode: code }, 'stopped');
      process.exit(code);
    });
  };

  relayFailures();
  relayRevocations();
  relayMetrics();
  cluster.once('listening', () =>
    logger.info({ port: config.port, publicUrl: config.publicUrl, workers: config.workers }, 'CidadES listening'),
  );
  cluster.on('listening', (worker) => logger.info({ pid: worker.process.pid }, 'server process listening'));
  for (let i = 0; i < config.workers; i++) fork();
  onStopSignal((signal) => {
    logger.info({ signal }, 'shutting down');
    stop(0, signal);
  });
}

/**
 * Calls `stop` on the first SIGTERM or SIGINT; later ones are ignored: a terminal's Ctrl-C reaches every process of
 * the group, and npm forwards it too, so a process receives it more than once.
 */
export function onStopSignal(stop: (signal: NodeJS.Signals) => void): void {
  let stopped = false;
  const once = (signal: NodeJS.Signals) => {
    if (stopped) return;
    stopped = true;
    stop(signal);
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
}
