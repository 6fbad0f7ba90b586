import type { NextFunction, Request, Response } from 'express';
import { AppError, TooManyRequestsError } from '../errors/app-error.ts';
import type { Logger } from '../logger.ts';

const messages = {
  notFound: 'Página não encontrada.',
  csrf: 'O formulário expirou ou não veio desta página. Volte, recarregue a página e tente novamente.',
  tooLarge: 'Os dados enviados são grandes demais.',
  badRequest: 'Requisição inválida.',
  internal: 'Ocorreu um erro inesperado. Tente novamente; se persistir, informe o suporte com o código abaixo.',
};

const titles: Record<number, string> = {
  400: 'Requisição inválida',
  403: 'Acesso negado',
  404: 'Página não encontrada',
  413: 'Dados grandes demais',
  422: 'Dados inválidos',
  429: 'Muitas tentativas',
  500: 'Erro interno',
};

function renderError(res: Response, status: number, message: string): void {
  res
    .status(status)
    .render('errors/error', { title: titles[status] ?? 'Erro', status, message, requestId: res.getHeader('X-Request-Id') ?? null });
}

export function notFoundPage(_req: Request, res: Response): void {
  renderError(res, 404, messages.notFound);
}

/** The portal's last middleware: every error becomes a page, and only exposed errors show their message. */
export function createErrorPage(logger: Logger) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(err);
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
