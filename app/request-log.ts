import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from './logger.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Also sent back as X-Request-Id, and shown on error pages, to find the request's log line. */
    id: string;
  }
}

/** URL paths that carry a secret in themselves (the one-time setup and password links) are logged without it. */
export function loggableUrl(url: string): string {
  return url.replace(/^\/(setup|redefinir-senha)\/[^/?#]+/, '/$1/[redacted]');
}

/**
 * One line per request (method, URL, status, time), never headers or bodies, so no secret reaches the log. Lighter
 * than pino-http, which builds a child logger for every request even when nothing is logged.
 */
export function requestLogger(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    req.id = randomUUID();
    res.setHeader('X-Request-Id', req.id);
    if (logger.isLevelEnabled('info')) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        logger.info(
          {
            reqId: req.id,
            method: req.method,
            url: loggableUrl(req.originalUrl),
            status: res.statusCode,
            ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
            ip: req.ip,
          },
          'request',
        );
      });
    }
    next();
  };
}
