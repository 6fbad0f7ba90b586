import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
 * Starts the request's log line (method, URL, status, time, IP; never headers or bodies, so no secret reaches the
 * log), written when the response is finished, and sends its id back as X-Request-Id. Lighter than pino-http, which
 * builds a child logger for every request even when nothing is logged. Used by Express and by the token endpoint's
 * own path alike (app.ts, the app's listener).
 */
export function requestLog(logger: Logger) {
  return (req: IncomingMessage, res: ServerResponse, url: string, ip: () => string | undefined): string => {
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    if (logger.isLevelEnabled('info')) {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        logger.info(
          {
            reqId: id,
            method: req.method,
            url: loggableUrl(url),
            status: res.statusCode,
            ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
            ip: ip(),
          },
          'request',
        );
      });
    }
    return id;
  };
}

/** The request log as Express middleware: the id is kept in `req.id`, for error pages. */
export function requestLogger(logger: Logger) {
  const log = requestLog(logger);
  return (req: Request, res: Response, next: NextFunction): void => {
    req.id = log(req, res, req.originalUrl, () => req.ip);
    next();
  };
}
