/**
 * The ceiling: a bare Express 5 JSON route, the best this machine does. Started as a child by bench/run.ts; with
 * WEB_CONCURRENCY > 1, that many processes share the port (node:cluster), as the product's do, for comparison.
 */
import express from 'express';
import { serveOnPort } from './cluster.ts';

await serveOnPort((port) => {
  const app = express();
  app.get('/ping', (_req, res) => {
    res.json({ ok: true });
  });
  return app.listen(port, '127.0.0.1');
});
