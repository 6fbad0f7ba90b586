import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { Registry } from 'prom-client';
import type { Logger } from '../logger.ts';

const messages = {
  notFound: 'Recurso não encontrado',
  unauthorized: 'Informe o token de métricas (METRICS_TOKEN) no cabeçalho Authorization: Bearer.',
  unavailable: 'Não foi possível reunir as métricas; tente novamente.',
};

export interface MetricsRoutesOptions {
  /** METRICS_TOKEN; without one, /metrics does not exist (404). */
  token: string | undefined;
  /** The instance's metrics in Prometheus' text format (cluster-metrics.ts). */
  metrics: () => Promise<string>;
  logger: Logger;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

function problem(res: Response, status: number, title: string): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status }));
}

/**
 * `GET /metrics`, Prometheus' text format, for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`. The
 * presented and the configured token are compared as SHA-256 digests in constant time: neither their content nor
 * their length shows in the time taken.
 */
export function createMetricsRoutes({ token, metrics, logger }: MetricsRoutesOptions): Router {
  const router = express.Router();
  const expected = token === undefined ? undefined : digest(token);
  const authorized = (req: Request) => {
    const presented = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    return expected !== undefined && presented !== undefined && timingSafeEqual(digest(presented), expected);
  };
  router.get('/metrics', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (expected === undefined) return problem(res, 404, messages.notFound);
    if (!authorized(req)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return problem(res, 401, messages.unauthorized);
    }
    try {
      const text = await metrics();
      res.type(Registry.PROMETHEUS_CONTENT_TYPE).send(text);
    } catch (err) {
      logger.error({ err }, 'could not gather the metrics');
      problem(res, 503, messages.unavailable);
    }
  });
  return router;
}
