import { setImmediate as nextTurn } from 'node:timers/promises';
import Provider, { type Client, type ClientMetadata, type KoaContextWithOIDC } from 'oidc-provider';
import type { TokenClient } from './token-clients.repository.ts';
import type { TokenClientsService } from './token-clients.service.ts';
import type { ClientCache } from './client-cache.ts';

/** Keys read and built per turn of the event loop while syncing: each turn stays around 10 ms. */
const SYNC_BATCH = 200;

function allowedScopes(client: TokenClient): string {
  const scopes = client.permissao === 'escrita' ? 'leitura escrita' : 'leitura';
  return client.admin ? `${scopes} admin` : scopes;
}

function clientMetadata(client: TokenClient): ClientMetadata {
  return {
    client_id: client.clientId,
    client_secret: client.secretHash,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    scope: allowedScopes(client),
    'urn:cidades:ug_id': client.ugId,
    'urn:cidades:ug_codigo': client.ugCodigo,
    'urn:cidades:secret_version': client.secretVersion,
    'urn:cidades:secret_created_at': client.secretCreatedAt,
    // The previous secret while its grace lasts (compareClientSecret checks its end at each request).
    ...(client.previousSecret && {
      'urn:cidades:previous_secret': client.previousSecret.secretHash,
      'urn:cidades:previous_valid_until': client.previousSecret.validUntil,
      'urn:cidades:previous_created_at': client.previousSecret.createdAt,
      'urn:cidades:previous_version': client.previousSecret.version,
    }),
  };
}

/** The client metadata of ours, past the provider's (see extraClientMetadata in provider.ts). */
export const CIDADES_CLIENT_PROPERTIES = [
  'urn:cidades:ug_id',
  'urn:cidades:ug_codigo',
  'urn:cidades:secret_version',
  'urn:cidades:secret_created_at',
  'urn:cidades:previous_secret',
  'urn:cidades:previous_valid_until',
  'urn:cidades:previous_created_at',
  'urn:cidades:previous_version',
];

/** What the provider's own lookup does for an adapter's client (add_client.js), minus sector validation, unused here. */
function buildClient(provider: Provider, metadata: ClientMetadata): Client {
  const ClientModel = provider.Client as unknown as new (metadata: ClientMetadata) => Client;
  return new ClientModel(metadata);
}

export interface ClientLookup {
  tokenClients: TokenClientsService;
  clients: ClientCache<Client>;
  /** Runs before any lookup of a token request: may throw (throttled) or answer false (refuse without looking). */
  admit(ctx: KoaContextWithOIDC, clientId: string): boolean;
  /** Resolves once this process's copy of the revocation log is current (RevocationCache.current); rejects when it cannot be. */
  revocationsCurrent(): Promise<void>;
}

/**
 * Replaces the provider's client lookup, whose own cache holds 100 clients (10,000 keys would rebuild a client on
 * nearly every request), with ours: every active key's client built once and kept until the key changes. The
 * provider still handles the whole token request, client authentication included.
 */
export function useClientCache(provider: Provider, { tokenClients, clients, admit, revocationsCurrent }: ClientLookup): void {
  provider.Client.find = async (clientId: string) => {
    const ctx = Provider.ctx;
    if (ctx && !admit(ctx, clientId)) return undefined;
    // A cached client is only as good as the revocations this process has read: none is served on a stale copy.
    await revocationsCurrent();
    const cached = clients.get(clientId);
    if (cached) return cached;
    const readAt = clients.snapshot();
    const found = await tokenClients.find(clientId);
    if (!found) return undefined;
    const metadata = clientMetadata(found);
    const client = buildClient(provider, metadata);
    clients.set(clientId, client, JSON.stringify(metadata), readAt);
    return client;
  };
}

/**
 * Reads every active key and builds the clients whose data changed, dropping those no longer active: at start, so
 * that even a key's first token request finds its client ready, and periodically, for changes no revocation announces.
 */
export async function syncClients(
  provider: Provider,
  { tokenClients, clients }: Pick<ClientLookup, 'tokenClients' | 'clients'>,
): Promise<number> {
  const active = new Set<string>();
  for (let after = ''; ; await nextTurn()) {
    const readAt = clients.snapshot();
    const batch = await tokenClients.active(after, SYNC_BATCH);
    for (const found of batch) {
      active.add(found.clientId);
      const metadata = clientMetadata(found);
      const fingerprint = JSON.stringify(metadata);
      if (clients.fingerprint(found.clientId) !== fingerprint)
        clients.set(found.clientId, buildClient(provider, metadata), fingerprint, readAt);
    }
    if (batch.length < SYNC_BATCH) break;
    after = (batch.at(-1) as TokenClient).clientId;
  }
  clients.retainOnly(active);
  return active.size;
}
