import type { Response } from 'express';
import type { Actor } from '../audit/actor.ts';
import type { TenantContext } from './tenant.ts';

/** The admin key as the actor of the audit trail: who did it is the key, from where its caller's address. */
export function keyActor(tenant: TenantContext, res: Response): Actor {
  return { userId: null, clientId: tenant.clientId, nome: `Integração ${tenant.clientId}`, isAdmin: true, ip: res.req.ip ?? null };
}
