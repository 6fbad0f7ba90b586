import type { NextFunction, Request, Response } from 'express';
import type { DatabaseAvailability } from '../db/availability.ts';
import { AppError, ServiceUnavailableError, TooManyRequestsError } from '../errors/app-error.ts';
import type { Logger } from '../logger.ts';

const messages = {
  notFound: 'Página não encontrada.',
  csrf: 'O formulário expirou ou não veio desta página. Volte, recarregue a página e tente novamente.',
  tooLarge: 'Os dados enviados são grandes demais.',
  badRequest: 'Requisição inválida.',
  internal: 'Ocorreu um erro inesperado. Tente novamente; se persistir, informe o suporte com o código abaixo.',
  unavailable: 'O serviço está temporariamente indisponível. Aguarde alguns instantes e tente novamente.',
};

const titles: Record<number, string> = {
  400: 'Requisição inválida',
  403: 'Acesso negado',
  404: 'Página não encontrada',
  413: 'Dados grandes demais',
  422: 'Dados inválidos',
  429: 'Muitas tentativas',
  500: 'Erro interno',
  503: 'Serviço temporariamente indisponível',
};

function renderError(res: Response, status: number, message: string): void {
  res
    .status(status)
    .render('errors/error', { title: titles[status] ?? 'Erro', status, message, requestId: res.getHeader('X-Request-Id') ?? null });
}

export function notFoundPage(_req: Request, res: Response): void {
  renderError(res, 404, messages.notFound);
}

/**
 * The portal's last middleware: every error becomes a page, and only exposed errors show their message. The database
 * away is a 503 page with Retry-After, logged once per outage by `availability`.
 */
export function createErrorPage(logger: Logger, availability: Pick<DatabaseAvailability, 'absorbs'>) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      // Too late for a page (a session saved as its page ends, an export cut short): the connection is closed, as
      // Express would close it, without its stack in the log.
      if (availability.absorbs(err)) return void req.socket.destroy();
      return next(err);
    }
    if (availability.absorbs(err)) {
      res.setHeader('Retry-After', String(ServiceUnavailableError.retryAfterSeconds));
      return renderError(res, 503, messages.unavailable);
    }
    if (err instanceof TooManyRequestsError) res.setHeader('Retry-After', String(err.retryAfterSeconds));
    if (err instanceof AppError && err.expose) return renderError(res, err.status, err.message);
    const httpError = err as { status?: number; code?: string; type?: string };
    if (httpError.code === 'EBADCSRFTOKEN') return renderError(res, 403, messages.csrf);
    if (httpError.type === 'entity.too.large') return renderError(res, 413, messages.tooLarge);
    if (typeof httpError.status === 'number' && httpError.status >= 400 && httpError.status < 500)
      return renderError(res, 400, messages.badRequest);
    logger.error({ err, reqId: req.id }, 'unhandled error');
    renderError(res, 500, messages.internal);
  };
}
