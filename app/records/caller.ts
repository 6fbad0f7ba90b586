import type { Actor } from '../audit/actor.ts';

/**
 * Who calls a data service, built by the surface from what it trusts (the token's UG claim, the session), never from
 * request input: the UGs it may read, the one UG it may write to, and who is recorded as the author of a change.
 */
export interface DataCaller {
  actor: Actor;
  /** The integração making the call, when it comes through the API. */
  clientId: string | null;
  /** Its own UG: every write goes here, even for an aggregator. */
  ugId: number;
  /** Its own UG and, for an aggregator, every UG under it. */
  visibleUgIds: number[];
}

/** A caller for an API key: the audit trail names the integração by its client id. */
export function integrationCaller(key: { clientId: string; ugId: number; visibleUgIds: number[]; ip: string | null }): DataCaller {
  return {
    actor: { userId: null, clientId: key.clientId, nome: `Integração ${key.clientId}`, isAdmin: false, ip: key.ip },
    clientId: key.clientId,
    ugId: key.ugId,
    visibleUgIds: key.visibleUgIds,
  };
}

/** A caller for a portal user acting for one UG: writes go to that UG, reads reach it and the UGs under it. */
export function userCaller(actor: Actor, ugId: number, visibleUgIds: number[]): DataCaller {
  return { actor, clientId: null, ugId, visibleUgIds };
}

/** Who a stored change is attributed to. */
export interface Authorship {
  clientId: string | null;
  userId: number | null;
  nome: string;
}

export function authorshipOf(caller: DataCaller): Authorship {
  return { clientId: caller.clientId, userId: caller.actor.userId, nome: caller.actor.nome };
}

/** The key idempotency records are kept under: one namespace per integração or user. */
export function idempotencyClientKey(caller: DataCaller): string {
  return caller.clientId !== null ? `client:${caller.clientId}` : `user:${caller.actor.userId ?? 'cli'}`;
}
