/** The bench's reference servers run like the product: WEB_CONCURRENCY processes sharing PORT (node:cluster). */
import cluster from 'node:cluster';
import type { Server } from 'node:http';

/** Runs `serve` in WEB_CONCURRENCY worker processes (default 1: this process); SIGTERM stops them all. */
export async function serveOnPort(serve: (port: number) => Server | Promise<Server>): Promise<void> {
  const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
  if (cluster.isPrimary && workers > 1) {
    for (let i = 0; i < workers; i++) cluster.fork();
    process.once('SIGTERM', () => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    });
    return;
  }
  const server = await serve(Number(process.env.PORT));
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
