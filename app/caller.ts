import { ForbiddenError } from './errors/app-error.ts';

/** The UGs a caller acts for: its own (where every write goes, even for an aggregator) and every UG it may read. */
export interface CallerScope {
  ugId: number;
  /** Its own UG and, for an aggregator, every UG under it. */
  visibleUgIds: readonly number[];
}

/**
 * Who calls a service, and from where, built by each surface from what it trusts (the verified token, the session,
 * the command line), never from request input: a portal user, an integração (API key), or the command-line tool.
 */
export interface Caller {
  /** The signed-in user; null for an integração and the command line. */
  userId: number | null;
  /** The integração's client id, when a key calls through the API. */
  clientId: string | null;
  /** How the audit trail names the caller. */
  nome: string;
  /** A Sys Admin, an admin-scoped key, or the command line. */
  isAdmin: boolean;
  ip: string | null;
  /** The UGs an API key acts for; null for a portal user and the command line, whose access each service checks. */
  scope: CallerScope | null;
}

/** A caller of the data services: always an API key, with the UGs it acts for. */
export type ScopedCaller = Caller & { scope: CallerScope };

export function userCaller(user: { id: number; nome: string; isAdmin: boolean }, ip: string | null): Caller {
  return { userId: user.id, clientId: null, nome: user.nome, isAdmin: user.isAdmin, ip, scope: null };
}

/** An API key: the audit trail names it by its client id; it is an admin only with the `admin` scope. */
export function integrationCaller(
  key: { clientId: string; ugId: number; scopes: readonly string[] },
  visibleUgIds: readonly number[],
  ip: string | null,
): ScopedCaller {
  return {
    userId: null,
    clientId: key.clientId,
    nome: `Integração ${key.clientId}`,
    isAdmin: key.scopes.includes('admin'),
    ip,
    scope: { ugId: key.ugId, visibleUgIds },
  };
}

export const cliCaller: Caller = { userId: null, clientId: null, nome: 'cidades (linha de comando)', isAdmin: true, ip: null, scope: null };

/** Refuses (403, with the area's message) a caller who is not a Sys Admin: the guard of every admin service. */
export function requireSysAdmin(caller: Caller, message: string): void {
  if (!caller.isAdmin) throw new ForbiddenError(message);
}

/** Who a stored change is attributed to. */
export interface Authorship {
  clientId: string | null;
  userId: number | null;
  nome: string;
}

/** The author fields of a caller (or of a stored authorship, as the API sends it). */
export function authorshipOf(author: Authorship): Authorship {
  return { clientId: author.clientId, userId: author.userId, nome: author.nome };
}

/** The key idempotency records are kept under: one namespace per integração or user. */
export function idempotencyClientKey(caller: Caller): string {
  return caller.clientId !== null ? `client:${caller.clientId}` : `user:${caller.userId ?? 'cli'}`;
}
