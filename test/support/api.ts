import type { Express, NextFunction, Request, Response } from 'express';
import type { TenantContext } from '../../app/api/tenant.ts';
import { integrationCaller } from '../../app/caller.ts';
import request from 'supertest';

/** A request under /api with a bearer token. */
export function apiCall(app: Express, token: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) {
  return request(app)[method](`/api${path}`).set('Authorization', `Bearer ${token}`);
}

/** Puts on every request the tenant bearer authentication would, for a key of UG 1 with these scopes. */
export function withTenant(scopes: string[]) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    req.tenant = {
      clientId: 'cid_x',
      ugId: 1,
      ugCodigo: 'UG',
      scopes,
      expiresAt: new Date(),
      visibleUgs: [],
      caller: integrationCaller({ clientId: 'cid_x', ugId: 1, scopes }, [1], null),
    } satisfies TenantContext;
    next();
  };
}
