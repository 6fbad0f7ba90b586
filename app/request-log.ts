import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import type { RefusedRequest } from './draining-server.ts';
import type { Logger } from './logger.ts';
import type { HttpMetrics } from './ops/http-metrics.ts';
import { runInRequest } from './ops/request-context.ts';

declare module 'express-serve-static-core' {
  interface Request {
    /** Also sent back as X-Request-Id, and shown on error pages, to find the request's log line. */
    id: string;
  }
}

/**
 * Query parameters whose values are never logged: credentials someone sent in a URL. These names in any case, with or
 * without their underscore (`client_secret`, `clientSecret`, `API_KEY`), any `*_token`, `*-secret`, `*_api_key`…, and
 * any camelCase `…Token` or `…Secret` (`sessionToken`, `webhookSecret`; the capital spares `tokenizer`, `subsecretaria`).
 */
const SECRET_PARAMETER =
  /^(?:client_?secret|client_?assertion|access_?token|refresh_?token|id_?token|api[_-]?key|token|password|senha|secret|code)$|[_-](?:token|secret|api[_-]?key)$/i;
const CAMEL_CASE_SECRET_PARAMETER = /[a-z0-9](?:Token|Secret)$/;

const isSecretParameter = (name: string) => SECRET_PARAMETER.test(name) || CAMEL_CASE_SECRET_PARAMETER.test(name);

function parameterName(pair: string): string {
  const name = pair.slice(0, pair.indexOf('='));
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** `a=1&client_secret=x` → `a=1&client_secret=[redacted]`. */
function loggableQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => (pair.includes('=') && isSecretParameter(parameterName(pair)) ? `${pair.slice(0, pair.indexOf('='))}=[redacted]` : pair))
    .join('&');
}

/**
 * URLs as logged: paths that carry a secret in themselves (the one-time setup and password links) without it, and
 * query strings without the values of secret-looking parameters.
 */
export function loggableUrl(url: string): string {
  const path = url.replace(/^\/(setup|redefinir-senha)\/[^/?#]+/, '/$1/[redacted]');
  const q = path.indexOf('?');
  return q === -1 ? path : `${path.slice(0, q + 1)}${loggableQuery(path.slice(q + 1))}`;
}

/** How a request's log line and metrics find its client address and its route's label, once it has ended. */
export interface RequestFacts<R extends IncomingMessage> {
  ip(req: R): string | undefined;
  route(req: R): string;
}

/**
 * Starts the request's log line (method, URL, status, time, IP; never headers or bodies, so no secret reaches the
 * log), written once when the response has ended or the client went away first (`aborted`), and sends its id back as
 * X-Request-Id; the same moment counts the request in the HTTP metrics. Lighter than pino-http, which builds a child
 * logger for every request even when nothing is logged. Used by Express and by the token endpoint's own path alike
 * (app.ts, the app's listener).
 */
export function requestLog<R extends IncomingMessage>(logger: Logger, metrics: HttpMetrics, facts: RequestFacts<R>) {
  return (req: R, res: ServerResponse, url: string): string => {
    const id = randomUUID();
    res.setHeader('X-Request-Id', id);
    const started = process.hrtime.bigint();
    // Taken now: once a client has gone away, its socket no longer knows its address.
    const ip = logger.isLevelEnabled('info') ? facts.ip(req) : undefined;
    // 'close' follows 'finish' for every answered request, and is the only event of one the client aborted.
    res.once('close', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      // Gone before the answer was sent, or while its body was still arriving (what was answered then reached nobody).
      const aborted = !res.writableFinished || req.readableAborted;
      metrics.observe(req.method, facts.route(req), aborted ? null : res.statusCode, seconds);
      if (!logger.isLevelEnabled('info')) return;
      const line = {
        reqId: id,
        method: req.method,
        url: loggableUrl(url),
        status: res.headersSent ? res.statusCode : null,
        ms: Math.round(seconds * 1e6) / 1000,
        ip,
      };
      logger.info(aborted ? { ...line, aborted } : line, 'request');
    });
    return id;
  };
}

/**
 * The log line and count of a request Node's HTTP parser refused (a head over 16 KB, a malformed request), answered by
 * the server before any listener: its status, the parser's reason and the peer's address, nothing of the request
 * itself (what was refused may be a secret too long for its header).
 */
export function refusedRequestLog(logger: Logger, metrics: HttpMetrics): RefusedRequest {
  return (status, reason, ip) => {
    metrics.refused(status);
    logger.info({ status, reason, ip }, 'request');
  };
}

/**
 * The request log as Express middleware: the id is kept in `req.id`, for error pages, and everything the request does
 * from here runs in its context, so every line it logs carries the id.
 */
export function requestLogger(logger: Logger, metrics: HttpMetrics, route: (req: Request) => string) {
  const log = requestLog<Request>(logger, metrics, { ip: (req) => req.ip, route });
  return (req: Request, res: Response, next: NextFunction): void => {
    req.id = log(req, res, req.originalUrl);
    runInRequest(req.id, next);
  };
}
