import express, { type Response, type Router } from 'express';
import type { Readiness } from './readiness.ts';

const messages = {
  notReady: 'Serviço indisponível',
};

/** Probes are never cached by a proxy: each answer is about this process, now. */
function probeHeaders(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * `GET|HEAD /healthz`: the process is alive and its event loop turns (nothing else is touched, so a database outage
 * does not get it restarted). `GET|HEAD /readyz`: it can serve (readiness.ts), else 503 with each failing check's
 * reason. Mounted before the API and the portal: no session, no redirect, no audit.
 */
export function createProbeRoutes(readiness: Readiness): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    probeHeaders(res);
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    probeHeaders(res);
    const { ready, checks } = await readiness.check();
    if (ready) {
      res.json({ status: 'ok', checks });
      return;
    }
    const detail = Object.values(checks)
      .filter((value) => value !== 'ok')
      .join('; ');
    res
      .status(503)
      .type('application/problem+json')
      .send(JSON.stringify({ type: 'about:blank', title: messages.notReady, status: 503, detail, checks }));
  });
  return router;
}
