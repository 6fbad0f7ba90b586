import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import {
  AppError,
  BadRequestError,
  FieldsError,
  InsufficientScopeError,
  InternalError,
  InvalidTokenError,
  MalformedJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RequestHeadersTooLargeError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
} from '../errors/app-error.ts';
import type { DatabaseAvailability } from '../db/availability.ts';
import type { Logger } from '../logger.ts';

/** One bad field of the input: its path (`limit`, `fornecedor.cpf`) and what is wrong with it, in pt-BR. */
export interface FieldProblem {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every /api error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldProblem[];
}

const titles: Record<number, string> = {
  400: 'Requisição inválida',
  401: 'Não autenticado',
  403: 'Acesso negado',
  404: 'Não encontrado',
  405: 'Método não permitido',
  409: 'Conflito',
  412: 'Pré-condição falhou',
  413: 'Corpo grande demais',
  415: 'Tipo de conteúdo não suportado',
  422: 'Dados inválidos',
  429: 'Muitas requisições',
  431: 'Cabeçalhos grandes demais',
  500: 'Erro interno',
  503: 'Serviço temporariamente indisponível',
};

export function problemOf(status: number, code: string, detail: string, errors?: FieldProblem[]): Problem {
  return { type: `about:blank`, title: titles[status] ?? 'Erro', status, detail, code, ...(errors ? { errors } : {}) };
}

/** The body an exposed error is answered with (also the examples of the OpenAPI document). */
export function problemFromError(err: AppError): Problem {
  const errors = err instanceof FieldsError ? Object.entries(err.fields).map(([field, message]) => ({ field, message })) : undefined;
  return problemOf(err.status, err.code, err.message, errors);
}

/**
 * The server's `clientError` listener: a request Node's HTTP parser refuses (a request line and headers over 16 KB, a
 * malformed request) never reaches Express, so it is answered here, as a problem like every other error (Node alone
 * would send a bare status line). Returns the status answered, if any.
 */
export function answerClientError(err: NodeJS.ErrnoException, socket: Socket): number | undefined {
  // A response already under way on this connection (keep-alive), or a peer gone: nothing can be written cleanly.
  const busy = '_httpMessage' in socket && Boolean(socket._httpMessage);
  if (err.code === 'ECONNRESET' || !socket.writable || busy) {
    socket.destroy();
    return undefined;
  }
  const error = err.code === 'HPE_HEADER_OVERFLOW' ? new RequestHeadersTooLargeError() : new BadRequestError();
  const body = JSON.stringify(problemFromError(error));
  socket.end(
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
  return error.status;
}

export function sendProblem(res: Response, problem: Problem): void {
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** RFC 6750 challenge for 401 and 403 answers of a bearer-protected API. */
function bearerChallenge(err: AppError): string | null {
  // RFC 6750 allows only ASCII in error_description: the pt-BR explanation goes in the body's `detail`.
  if (err instanceof InvalidTokenError) return 'Bearer error="invalid_token"';
  if (err instanceof InsufficientScopeError) return `Bearer error="insufficient_scope", scope="${err.scope}"`;
  return null;
}

export function apiNotFound(_req: Request, res: Response): void {
  sendProblem(res, problemFromError(new NotFoundError()));
}

/** body-parser's errors (`type` says which) as the API's own; other 4xx of the HTTP layer stay a generic 400. */
function fromHttpLayer(err: unknown): AppError | null {
  const { status, type } = err as { status?: unknown; type?: unknown };
  if (type === 'entity.parse.failed') return new MalformedJsonError();
  if (type === 'entity.too.large') return new PayloadTooLargeError();
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new UnsupportedMediaTypeError();
  if (typeof status === 'number' && status >= 400 && status < 500) return new BadRequestError();
  return null;
}

/**
 * The API's last middleware: every error becomes problem+json; only exposed errors say what went wrong. The database
 * away is 503 DATABASE_UNAVAILABLE with Retry-After, logged once per outage by `availability`, not once per request.
 */
export function createProblemHandler(logger: Logger, availability: Pick<DatabaseAvailability, 'absorbs'>) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    if (availability.absorbs(err)) {
      res.setHeader('Retry-After', String(ServiceUnavailableError.retryAfterSeconds));
      return sendProblem(res, problemFromError(new ServiceUnavailableError()));
    }
    const known = err instanceof AppError && err.expose ? err : fromHttpLayer(err);
    if (known) {
      const challenge = bearerChallenge(known);
      if (challenge) res.setHeader('WWW-Authenticate', challenge);
      if (known instanceof TooManyRequestsError) res.setHeader('Retry-After', String(known.retryAfterSeconds));
      if (known instanceof MethodNotAllowedError) res.setHeader('Allow', known.allow);
      return sendProblem(res, problemFromError(known));
    }
    logger.error({ err, reqId: req.id }, 'unhandled API error');
    sendProblem(res, problemFromError(new InternalError(String(res.getHeader('X-Request-Id') ?? ''))));
  };
}
