import { ForbiddenError } from '../errors/app-error.ts';

/** Who performs an action, and from where: a signed-in user, an integração (API key), or the command-line tool. */
export interface Actor {
  userId: number | null;
  /** The acting integração's client id, when a key acts through the API. */
  clientId?: string;
  nome: string;
  isAdmin: boolean;
  ip: string | null;
}

export const cliActor: Actor = { userId: null, nome: 'cidades (linha de comando)', isAdmin: true, ip: null };

/** Refuses (403, with the area's message) an actor who is not a Sys Admin: the guard of every admin service. */
export function requireSysAdmin(actor: Actor, message: string): void {
  if (!actor.isAdmin) throw new ForbiddenError(message);
}
