import { isClientIdFormat } from '../integrations/credentials.ts';
import type { TokenClient, TokenClientsRepository } from './token-clients.repository.ts';

/** The keys the token endpoint may authenticate: what it builds its clients from. */
export class TokenClientsService {
  constructor(private readonly deps: { tokenClients: TokenClientsRepository }) {}

  /** The client the token endpoint authenticates, or null; blocked keys, and a deactivated UG's, are as unknown ones. */
  async find(clientId: string): Promise<TokenClient | null> {
    if (!isClientIdFormat(clientId)) return null;
    const client = await this.deps.tokenClients.find(clientId);
    return client && !client.bloqueada && client.ugAtiva ? client : null;
  }

  /** Every key that may obtain tokens, by client id, a page at a time. */
  active(afterClientId: string, limit: number): Promise<TokenClient[]> {
    return this.deps.tokenClients.listActive(afterClientId, limit);
  }
}
