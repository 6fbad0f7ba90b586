import type { NextFunction, Request, Response } from 'express';
import { userCaller, type Caller } from '../caller.ts';
import { ForbiddenError, NotFoundError } from '../errors/app-error.ts';
import type { Flash } from './types.ts';

/** The signed-in user as the caller of services. */
export function callerOf(req: Request): Caller {
  const user = req.user;
  if (!user) throw new Error('callerOf called without a signed-in user');
  return userCaller(user, req.ip ?? null);
}

export function requireLogin(req: Request, res: Response, next: NextFunction): void {
  if (req.user) return next();
  const nextUrl = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
  res.redirect(303, `/login${nextUrl}`);
}

/** Guards the Administração area: only a Sys Admin gets past it (403 page for anyone else). */
export function requireAdmin(req: Request, _res: Response, next: NextFunction): void {
  if (!req.user?.isAdmin) throw new ForbiddenError('Somente administradores do sistema acessam a administração.');
  next();
}

export function flash(req: Request, type: Flash['type'], message: string): void {
  req.session.flash = { type, message };
}

/** Responses that show a secret must not be cached by the browser or any proxy. */
export function noStore(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
}

/** Rows per page of every portal list: Unidades Gestoras, a UG's Auditoria, and the Administração lists. */
export const LIST_PAGE_SIZE = 25;

/** The confirmation action a URL names (`…/:acao`), one of `actions`; anything else is a page that does not exist. */
export function actionOf<T extends object>(actions: T, value: unknown): keyof T & string {
  if (typeof value !== 'string' || !Object.hasOwn(actions, value)) throw new NotFoundError('Página não encontrada.');
  return value as keyof T & string;
}
