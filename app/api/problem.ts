import type { NextFunction, Request, Response } from 'express';
import { AppError, FieldsError, InsufficientScopeError, InvalidTokenError, TooManyRequestsError } from '../errors/app-error.ts';
import type { Logger } from '../logger.ts';

/** RFC 9457 problem details, as every /api error is answered. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: Record<string, string>;
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
  500: 'Erro interno',
};

export function problemOf(status: number, code: string, detail: string, errors?: Record<string, string>): Problem {
  return { type: `about:blank`, title: titles[status] ?? 'Erro', status, detail, code, ...(errors ? { errors } : {}) };
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
  sendProblem(res, problemOf(404, 'NOT_FOUND', 'Recurso não encontrado.'));
}

/** The API's last middleware: every error becomes problem+json; only exposed errors say what went wrong. */
export function createProblemHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
    if (err instanceof AppError && err.expose) {
      const challenge = bearerChallenge(err);
      if (challenge) res.setHeader('WWW-Authenticate', challenge);
      if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      return sendProblem(res, problemOf(err.status, err.code, err.message, err instanceof FieldsError ? err.fields : undefined));
    }
    const httpError = err as { status?: number; type?: string };
    if (httpError.type === 'entity.parse.failed') return sendProblem(res, problemOf(400, 'MALFORMED_JSON', 'O corpo da requisição não é um JSON válido.'));
    if (httpError.type === 'entity.too.large') return sendProblem(res, problemOf(413, 'PAYLOAD_TOO_LARGE', 'O corpo da requisição é grande demais.'));
    if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500) {
      return sendProblem(res, problemOf(400, 'BAD_REQUEST', 'Requisição inválida.'));
    }
    logger.error({ err, reqId: req.id }, 'unhandled API error');
    sendProblem(res, problemOf(500, 'INTERNAL_ERROR', `Erro inesperado. Informe ao suporte o código ${String(res.getHeader('X-Request-Id') ?? '')}.`));
  };
}
