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
