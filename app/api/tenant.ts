import type { NextFunction, Request, Response } from 'express';
import { InsufficientScopeError, InvalidTokenError } from '../errors/app-error.ts';
import type { AccessToken, TokenVerifier } from '../oauth/token-verifier.ts';
import { integrationCaller, type ScopedCaller } from '../caller.ts';
import type { UgRef } from '../ugs/ugs.repository.ts';
import type { UgsService } from '../ugs/ugs.service.ts';
import type { UsageCounter } from '../usage/usage-counter.ts';

/** Who is calling the API: built from the verified token, never from request input. */
export interface TenantContext extends AccessToken {
  /** Its own UG and, for an aggregator, every UG under it. */
  visibleUgs: UgRef[];
  /** The key as the caller of services: its UG, the UGs it reads, and where the request came from. */
  caller: ScopedCaller;
}

declare module 'express-serve-static-core' {
  interface Request {
    tenant?: TenantContext;
  }
}

const VISIBILITY_TTL_MS = 5_000;

/** The UGs a key may read, and their ids, as the caller of services takes them. */
interface Visible {
  ugs: UgRef[];
  ids: readonly number[];
}

/** Aggregation changes rarely: each UG's visible set is cached for a few seconds, so requests do not query it. */
class VisibilityCache {
  private readonly cache = new Map<number, Visible & { at: number }>();

  constructor(private readonly ugs: UgsService) {}

  async get(ugId: number, now = Date.now()): Promise<Visible> {
    const hit = this.cache.get(ugId);
    if (hit && now - hit.at < VISIBILITY_TTL_MS) return hit;
    const ugs = await this.ugs.visibleUgs(ugId);
    const visible = { ugs, ids: ugs.map((ug) => ug.id), at: now };
    this.cache.set(ugId, visible);
    return visible;
  }
}

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Verifies the bearer token and puts the tenant context on the request; counts the request in its key's usage once
 * authenticated, and its answer too if it is an error.
 */
export function createBearerAuth(verifier: TokenVerifier, ugs: UgsService, usage: UsageCounter) {
  const visibility = new VisibilityCache(ugs);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    if (!header) throw new InvalidTokenError('Informe o token de acesso no cabeçalho Authorization: Bearer <token>.');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new InvalidTokenError('O cabeçalho Authorization deve ter a forma: Bearer <token>.');
    const access = await verifier.verify(token);
    const visible = await visibility.get(access.ugId);
    req.tenant = { ...access, visibleUgs: visible.ugs, caller: integrationCaller(access, visible.ids, req.ip ?? null) };
    usage.apiCall(access.clientId);
    res.once('finish', () => {
      if (res.statusCode >= 400) usage.apiRefused(access.clientId, res.statusCode);
    });
    next();
  };
}

export function tenantOf(req: Request): TenantContext {
  if (!req.tenant) throw new Error('tenantOf called before bearer authentication');
  return req.tenant;
}

/** Requires a scope of the token; `escrita` implies `leitura`, as the permission does. */
export function requireScope(scope: 'leitura' | 'escrita' | 'admin') {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const { scopes } = tenantOf(req);
    const granted = scopes.includes(scope) || (scope === 'leitura' && scopes.includes('escrita'));
    if (!granted) throw new InsufficientScopeError(scope);
    next();
  };
}
