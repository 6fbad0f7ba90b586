/**
 * The ceiling: a bare Express 5 JSON route, the best this machine does. Started as a child by bench/run.ts; with
 * WEB_CONCURRENCY > 1, that many processes share the port (node:cluster), as the product's do, for comparison.
 */
import cluster from 'node:cluster';
import express from 'express';

const workers = Number(process.env.WEB_CONCURRENCY ?? 1);
if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  process.once('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  });
} else {
  const app = express();
  app.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(Number(process.env.PORT), '127.0.0.1');
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
