import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { JWK } from 'jose';
import Provider, { errors, type Adapter, type Client, type KoaContextWithOIDC } from 'oidc-provider';
import type { DatabaseAvailability } from '../db/availability.ts';
import { isSecretFormat, matchesSecretHash } from '../integrations/credentials.ts';
import type { LastUseRecorder } from '../integrations/last-use-recorder.ts';
import type { TokenClientsService } from './token-clients.service.ts';
import type { Logger } from '../logger.ts';
import type { ClientCache } from './client-cache.ts';
import { CIDADES_CLIENT_PROPERTIES, useClientCache } from './provider-clients.ts';
import type { ClientAuthLimits } from './client-auth-limits.ts';
import type { RevocationCache } from './revocation-cache.ts';
import { SIGNING_ALG } from './signing-keys.service.ts';
import { THROTTLED, UNAVAILABLE, unavailableHeaders } from './token-errors.ts';
import type { TokenMetrics } from '../ops/token-metrics.ts';
import type { UsageCounter } from '../usage/usage-counter.ts';

export const SCOPES = ['leitura', 'escrita', 'admin'];

export interface ProviderOptions {
  issuer: string;
  /** The API's URL: the one resource indicator, and the tokens' audience. */
  audience: string;
  privateJwks: JWK[];
  tokenTtlSeconds: number;
  pepper: string;
  /** Behind a proxy: the provider's `https` comes from X-Forwarded-Proto. Its ctx.ip is never read (clientAddress). */
  trustProxy: boolean;
  /** The client's address, exactly as Express's req.ip (app/client-address.ts): limited, recorded and logged. */
  clientAddress: (req: IncomingMessage) => string;
  tokenClients: TokenClientsService;
  lastUse: LastUseRecorder;
  limits: ClientAuthLimits;
  clients: ClientCache<Client>;
  revocations: Pick<RevocationCache, 'current'>;
  availability: Pick<DatabaseAvailability, 'absorbs'>;
  tokens: TokenMetrics;
  /** Each key's tokens and refusals per day, for its usage chart. */
  usage: UsageCounter;
  logger: Logger;
}

/** Client id and secret of an HTTP Basic header (RFC 6749 §2.3.1: form-encoded), if any. */
function basicCredentials(header: string | undefined): { clientId: string; secret: string } | undefined {
  const basic = /^basic (.+)$/i.exec(header ?? '')?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i <= 0) return undefined;
  const decode = (value: string) => {
    try {
      return decodeURIComponent(value.replace(/\+/g, '%20'));
    } catch {
      return value;
    }
  };
  return { clientId: decode(decoded.slice(0, i)), secret: decode(decoded.slice(i + 1)) };
}

/** The secret a token request presents, from the body or the Basic header. */
function presentedSecret(ctx: KoaContextWithOIDC): string | undefined {
  const fromBody = ctx.oidc.params?.client_secret;
  return typeof fromBody === 'string' ? fromBody : basicCredentials(ctx.headers.authorization)?.secret;
}

/** A throttled request (token-errors.ts): 429 with Retry-After. */
function tooManyFailures(ctx: KoaContextWithOIDC, seconds: number): Error {
  ctx.set('Retry-After', String(seconds));
  return Object.assign(new errors.CustomOIDCProviderError(THROTTLED.error, THROTTLED.error_description), { status: 429, statusCode: 429 });
}

/** The client id a token request names, in the body or the Basic header. */
function requestedClientId(ctx: KoaContextWithOIDC): string | undefined {
  const fromBody = ctx.oidc?.params?.client_id;
  return typeof fromBody === 'string' ? fromBody : basicCredentials(ctx.headers.authorization)?.clientId;
}

/** The token requests authenticated with a key's previous secret (during its grace): their token carries its version. */
const withPreviousSecret = new WeakSet<KoaContextWithOIDC>();

/**
 * The key a refused token request is counted against: the client the provider found (a wrong secret, a scope it may
 * not have), or a throttled request's named client if it is a key this process knows; never an arbitrary client id.
 */
function knownClientId(ctx: KoaContextWithOIDC, options: Pick<ProviderOptions, 'clients'>): string | undefined {
  const found = ctx.oidc?.client?.clientId;
  if (found) return found;
  const requested = requestedClientId(ctx);
  return requested !== undefined && options.clients.get(requested) ? requested : undefined;
}

/** A token request refused, by the code answered: in the metrics and, for a known key, in its usage. */
function refused(ctx: KoaContextWithOIDC, options: ProviderOptions, reason: string): void {
  options.tokens.refused(reason);
  const clientId = knownClientId(ctx, options);
  if (clientId) options.usage.tokenRefused(clientId, reason);
}

/** This deployment stores nothing through the provider: clients come from our integrações (provider-clients.ts). */
const nothingStored: Adapter = {
  find: async () => undefined,
  findByUid: async () => undefined,
  findByUserCode: async () => undefined,
  upsert: unstored,
  consume: unstored,
  destroy: unstored,
  revokeByGrantId: unstored,
};

function unstored(): never {
  throw new Error('this deployment stores nothing through the provider');
}

/** Before any lookup, from memory: throttled addresses wait; a mistyped or foreign secret fails its checksum. */
function admitter(options: ProviderOptions) {
  return (ctx: KoaContextWithOIDC, clientId: string): boolean => {
    const wait = options.limits.retryAfter(clientId, options.clientAddress(ctx.req));
    if (wait > 0) throw tooManyFailures(ctx, wait);
    const secret = presentedSecret(ctx);
    return secret === undefined || isSecretFormat(secret);
  };
}

/** node-oidc-provider configured for the client-credentials grant only, with JWT access tokens for /api. */
export function createProvider(options: ProviderOptions): Provider {
  const { audience, tokenTtlSeconds } = options;
  const ownOrigin = new URL(options.issuer).origin;
  const provider = new Provider(options.issuer, {
    adapter: () => nothingStored,
    jwks: { keys: options.privateJwks },
    scopes: SCOPES,
    responseTypes: [],
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
    clientDefaults: {
      grant_types: ['client_credentials'],
      response_types: [],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: SIGNING_ALG,
    },
    extraClientMetadata: { properties: CIDADES_CLIENT_PROPERTIES },
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      dPoP: { enabled: false },
      introspection: { enabled: false },
      revocation: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => audience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, resource, client) => {
          if (resource !== audience) throw new errors.InvalidTarget();
          // Integrators rarely send `scope`: grant every scope the key allows; refuse anything beyond it.
          const allowed = (client.scope ?? '').split(' ');
          const requested = ctx.oidc.params?.scope;
          if (typeof requested !== 'string' || requested.trim() === '') {
            ctx.oidc.params!.scope = client.scope;
          } else {
            const extra = requested.split(' ').find((s) => s && !allowed.includes(s));
            if (extra) throw new errors.InvalidScope('the requested scope is not allowed for this client', extra);
          }
          return {
            scope: SCOPES.join(' '),
            audience,
            accessTokenTTL: tokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: SIGNING_ALG } },
          };
        },
      },
    },
    ttl: { ClientCredentials: tokenTtlSeconds },
    extraTokenClaims: async (ctx) => {
      const client = ctx.oidc.client;
      if (!client) return {};
      return {
        ug_id: client['urn:cidades:ug_id'],
        ug_codigo: client['urn:cidades:ug_codigo'],
        // A token obtained with the previous secret carries its version: refused once its grace ends (standingOf).
        sv: client[withPreviousSecret.has(ctx) ? 'urn:cidades:previous_version' : 'urn:cidades:secret_version'],
      };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
    // Browsers send Origin on every POST, same-origin included: Swagger UI's "Authorize" on /api/docs is such a
    // request. Other sites' pages stay refused.
    clientBasedCORS: (_ctx, origin) => origin === ownOrigin,
  });
  provider.proxy = options.trustProxy;

  useClientCache(provider, {
    tokenClients: options.tokenClients,
    clients: options.clients,
    admit: admitter(options),
    revocationsCurrent: () => options.revocations.current(),
  });
  countFailures(provider, options);

  // The documented extension point for secrets stored hashed: compare the keyed hash, in constant time; during a
  // rotation's grace the previous secret too, until its end. The secret's format was checked before the client was
  // looked up (admitter), so it is not checked twice per token.
  provider.Client.prototype.compareClientSecret = function compareClientSecret(this: Client, presented: string): boolean {
    if (this.clientSecret !== undefined && matchesSecretHash(options.pepper, presented, this.clientSecret)) return true;
    const previous = this['urn:cidades:previous_secret'];
    const validUntil = this['urn:cidades:previous_valid_until'];
    if (typeof previous !== 'string' || typeof validUntil !== 'number' || Date.now() >= validUntil) return false;
    if (!matchesSecretHash(options.pepper, presented, previous)) return false;
    const ctx = Provider.ctx;
    if (ctx) withPreviousSecret.add(ctx);
    return true;
  };

  provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
    options.tokens.issued();
    const client = ctx.oidc.client;
    if (!client) return;
    const secret = withPreviousSecret.has(ctx) ? 'urn:cidades:previous_created_at' : 'urn:cidades:secret_created_at';
    options.lastUse.record(client.clientId, client[secret] as number, options.clientAddress(ctx.req));
    options.usage.tokenIssued(client.clientId);
  });
  provider.on('grant.error', (ctx: KoaContextWithOIDC, err: { error?: string; error_detail?: string }) => {
    // A failed authentication is counted once its answer is known (countFailures): 401, or 429 past a limit.
    if (err.error !== 'invalid_client') return refused(ctx, options, err.error ?? 'unknown');
    options.logger.info(
      { clientId: requestedClientId(ctx), ip: options.clientAddress(ctx.req), detail: err.error_detail },
      'client authentication failed',
    );
  });
  // Koa's own errors (the provider is a Koa app), after the provider has answered: a client gone mid-request (its line in the request log says
  // `aborted`). Without a listener, Koa prints each one's stack to stderr.
  (provider as unknown as EventEmitter).on('error', (err: unknown) => options.logger.debug({ err }, 'token endpoint connection error'));
  // The provider's error handler has set its 500 when it emits this, and the response is not written yet: the database
  // away (a key's first lookup, the revocation log) becomes 503 here, for whatever step of the request met it.
  provider.on('server_error', (ctx: KoaContextWithOIDC, err: unknown) => {
    const absorbed = options.availability.absorbs(err);
    if (ctx.oidc?.route === 'token') refused(ctx, options, absorbed ? UNAVAILABLE.error : 'server_error');
    if (!absorbed) return options.logger.error({ err }, 'token endpoint error');
    ctx.status = 503;
    ctx.set(unavailableHeaders());
    ctx.body = UNAVAILABLE;
  });
  return provider;
}

/**
 * Every failed client authentication is counted (client-auth-limits.ts) before its answer goes out, so the next
 * request already sees any block; a failure that was itself past a limit is answered 429 instead of 401, and counted
 * in the metrics by the code it is answered with.
 */
function countFailures(provider: Provider, options: ProviderOptions): void {
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status !== 401 || (ctx.body as { error?: unknown } | undefined)?.error !== 'invalid_client') return;
    const wait = await options.limits.fail(requestedClientId(ctx as KoaContextWithOIDC), options.clientAddress(ctx.req));
    refused(ctx as KoaContextWithOIDC, options, wait === 0 ? 'invalid_client' : THROTTLED.error);
    if (wait === 0) return;
    ctx.status = 429;
    ctx.remove('WWW-Authenticate');
    ctx.set('Retry-After', String(wait));
    ctx.body = THROTTLED;
  });
}
