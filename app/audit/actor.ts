/** Who performs an action, and from where: a signed-in user, or the command-line tool. */
export interface Actor {
  userId: number | null;
  nome: string;
  isAdmin: boolean;
  ip: string | null;
}

export const cliActor: Actor = { userId: null, nome: 'cidades (linha de comando)', isAdmin: true, ip: null };
