/**
 * What the token endpoint's peers (oauth2orize.ts, node-oauth.ts) share with the product, so that only the stack in
 * front differs: the product's database as the client store (its active keys, read at start through the app's own
 * repository, as the product builds its clients once), its secret hashing (HMAC-SHA-256 with the same pepper, compared
 * in constant time), and its ES256 signing key and claims. A peer's token is one the product's API accepts.
 */
import { randomBytes } from 'node:crypto';
import { importJWK, SignJWT, type JWK } from 'jose';
import { loadConfig } from '../../app/config.ts';
import { matchesSecretHash } from '../../app/integrations/credentials.ts';
import type { TokenClient } from '../../app/oauth/token-clients.repository.ts';
import { createLogger } from '../../app/logger.ts';
import { SIGNING_ALG } from '../../app/oauth/signing-keys.service.ts';
import { openRuntime } from '../../app/runtime.ts';

const PAGE = 1000;

/** The scopes a key may hold, as the product grants them (app/oauth/provider-clients.ts). */
function allowedScopes(client: TokenClient): string[] {
  const scopes = client.permissao === 'escrita' ? ['leitura', 'escrita'] : ['leitura'];
  return client.admin ? [...scopes, 'admin'] : scopes;
}

export interface Issuer {
  readonly ttlSeconds: number;
  /** The key, if the client id is an active key's and the secret is its secret. */
  authenticate(clientId: string, secret: string): TokenClient | undefined;
  /** The scopes to grant: every allowed one when none is asked; undefined when one asked is not allowed. */
  grant(client: TokenClient, requested: readonly string[] | undefined): string[] | undefined;
  /** The access token the product would issue this key: an ES256 JWT with the same header and claims. */
  sign(client: TokenClient, scopes: readonly string[]): Promise<string>;
}

/**
 * Reads the configuration as the product does (DATABASE_URL, SECRET_PEPPER…), every active key and the current
 * signing key; ISSUER_URL is the product's public URL whose issuer and audience the tokens name (default PUBLIC_URL).
 */
export async function openIssuer(): Promise<Issuer> {
  const config = loadConfig();
  const runtime = await openRuntime(config, createLogger('silent'), { prepared: true });
  const clients = new Map<string, TokenClient>();
  let signingJwk: JWK | undefined;
  try {
    for (let after = ''; ;) {
      const page = await runtime.services.tokenClients.active(after, PAGE);
      for (const client of page) clients.set(client.clientId, client);
      if (page.length < PAGE) break;
      after = (page.at(-1) as TokenClient).clientId;
    }
    signingJwk = (await runtime.services.signingKeys.load()).privateJwks[0];
  } finally {
    await runtime.db.destroy();
  }
  if (!signingJwk?.kid) throw new Error('the database holds no signing key: seed it first (bench/seed.ts)');
  const { kid } = signingJwk;
  const key = await importJWK(signingJwk, SIGNING_ALG);
  const pepper = runtime.secrets.secretPepper;
  const publicUrl = process.env.ISSUER_URL ?? config.publicUrl;
  const issuer = `${publicUrl}/oauth`;
  const audience = `${publicUrl}/api`;
  const ttlSeconds = config.tokenTtlSeconds;

  return {
    ttlSeconds,
    authenticate(clientId, secret) {
      const client = clients.get(clientId);
      return client && matchesSecretHash(pepper, secret, client.secretHash) ? client : undefined;
    },
    grant(client, requested) {
      const allowed = allowedScopes(client);
      if (requested === undefined || requested.length === 0) return allowed;
      return requested.every((scope) => allowed.includes(scope)) ? [...requested] : undefined;
    },
    sign(client, scopes) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        ug_id: client.ugId,
        ug_codigo: client.ugCodigo,
        sv: client.secretVersion,
        scope: scopes.join(' '),
        client_id: client.clientId,
      })
        .setProtectedHeader({ alg: SIGNING_ALG, typ: 'at+jwt', kid })
        .setJti(randomBytes(32).toString('base64url'))
        .setSubject(client.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setIssuer(issuer)
        .setAudience(audience)
        .sign(key);
    },
  };
}
