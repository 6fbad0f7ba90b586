import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Client, default as Provider } from 'oidc-provider';
import { ClientCache } from './client-cache.ts';
import type { DatabaseAvailability } from '../db/availability.ts';
import type { LastUseRecorder } from '../integrations/last-use-recorder.ts';
import type { UsageCounter } from '../usage/usage-counter.ts';
import type { TokenClientsService } from './token-clients.service.ts';
import type { Logger } from '../logger.ts';
import { clientAddress, type Trust } from '../client-address.ts';
import type { Limits } from '../limits/limits.ts';
import { ClientAuthLimits } from './client-auth-limits.ts';
import { syncClients } from './provider-clients.ts';
import { createProvider, SCOPES } from './provider.ts';
import { NOT_STARTED, UNAVAILABLE, unavailableHeaders } from './token-errors.ts';
import type { RevocationCache } from './revocation-cache.ts';
import type { SigningKeysService } from './signing-keys.service.ts';
import type { TokenMetrics } from '../ops/token-metrics.ts';

export const OAUTH_MOUNT = '/oauth';
const KEY_POLL_MS = 5_000;
/** Room for every key of a large deployment. */
const CLIENT_CACHE_SIZE = 50_000;
/** How often every active key is read again, for changes no revocation announces (a UG's new código, say). */
const CLIENT_SYNC_MS = 5 * 60_000;

/** The only provider routes a client-credentials deployment needs (discovery is served by router()); the rest answer 404. */
const ALLOWED = new Set(['POST /token', 'GET /jwks']);
const TOKEN_URL = `${OAUTH_MOUNT}/token`;

export interface OAuthServerOptions {
  publicUrl: string;
  tokenTtlSeconds: number;
  pepper: string;
  trustProxy: boolean;
  /** TRUST_PROXY compiled (app/client-address.ts): the same function Express's req.ip uses. */
  trust: Trust;
  tokenClients: TokenClientsService;
  limits: Limits;
  lastUse: LastUseRecorder;
  signingKeys: SigningKeysService;
  /** Checked before a client is served (RevocationCache.current): no token while the revocation log cannot be read. */
  revocations: RevocationCache;
  /** The database away is answered 503 and logged once per outage, by the token endpoint and its timers alike. */
  availability: DatabaseAvailability;
  tokens: TokenMetrics;
  /** Each key's tokens and refusals per day (its usage chart). */
  usage: UsageCounter;
  logger: Logger;
}

/**
 * The token endpoint: node-oidc-provider under /oauth, rebuilt when another process adds a signing key
 * (`cidades keys rotate`), so every instance signs with the newest key within a few seconds.
 */
export class OAuthServer {
  readonly issuer: string;
  readonly audience: string;
  private current: { version: number; provider: Provider; handler: ReturnType<Provider['callback']>; signs: boolean } | undefined;
  private building: Promise<void> | undefined;
  private syncing: { provider: Provider; done: Promise<void> } | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly limits: ClientAuthLimits;
  /** Clients are instances of one provider's Client class: each provider gets a cache of its own. */
  private clients = new ClientCache<Client>(CLIENT_CACHE_SIZE);

  constructor(private readonly options: OAuthServerOptions) {
    this.issuer = `${options.publicUrl}${OAUTH_MOUNT}`;
    this.audience = `${options.publicUrl}/api`;
    this.limits = new ClientAuthLimits(options.limits, options.availability);
  }

  /** RFC 8414 / OpenID discovery metadata: only what this deployment serves. */
  metadata(): Record<string, unknown> {
    return {
      issuer: this.issuer,
      token_endpoint: `${this.issuer}/token`,
      jwks_uri: `${this.issuer}/jwks`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      scopes_supported: SCOPES,
      response_types_supported: [],
    };
  }

  /** Discovery (ours: only what this deployment serves), JWKS, and the token endpoint for requests that reach Express. */
  router(): Router {
    const router = express.Router();
    // Readable from any origin, as the provider's own discovery is. JSON only: of helmet's headers (this router
    // comes before helmet) just nosniff applies.
    const metadata = (_req: Request, res: Response) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.json(this.metadata());
    };
    router.get(`/.well-known/oauth-authorization-server${OAUTH_MOUNT}`, metadata);
    router.get(`${OAUTH_MOUNT}/.well-known/openid-configuration`, metadata);
    router.use(OAUTH_MOUNT, (req: Request, res: Response, next: NextFunction) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      if (!ALLOWED.has(`${req.method} ${req.path}`)) {
        res
          .status(404)
          .json({ error: 'not_found', error_description: 'this server serves only POST /oauth/token, GET /oauth/jwks and discovery' });
        return;
      }
      this.handler().then((handle) => handle(req, res), next);
    });
    return router;
  }

  /** `POST /oauth/token`: what the app's listener (app.ts) hands to serveToken rather than to Express. */
  isTokenRequest(req: IncomingMessage): boolean {
    return req.method === 'POST' && (req.url === TOKEN_URL || req.url?.startsWith(`${TOKEN_URL}?`) === true);
  }

  /**
   * A token request straight to the provider, which handles it exactly as under Express. Express in front of it (its
   * request and response objects, router and middleware) measured about a third of each token's CPU.
   */
  serveToken(req: IncomingMessage, res: ServerResponse): void {
    req.url = (req.url ?? TOKEN_URL).slice(OAUTH_MOUNT.length);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // Built (every request once the server listens): straight in, without a promise and a turn of its own.
    if (this.current) {
      void this.current.handler(req, res);
      return;
    }
    this.handler().then(
      (handle) => handle(req, res),
      (err: unknown) => {
        if (this.options.availability.absorbs(err)) {
          this.options.tokens.refused(UNAVAILABLE.error);
          res.writeHead(503, { 'Content-Type': 'application/json; charset=utf-8', ...unavailableHeaders() });
          res.end(JSON.stringify(UNAVAILABLE));
          return;
        }
        this.options.logger.error({ err }, 'token endpoint unavailable');
        this.options.tokens.refused(NOT_STARTED.error);
        res.writeHead(500, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(JSON.stringify(NOT_STARTED));
      },
    );
  }

  /**
   * Builds the provider and the clients of every active key, then checks for a new signing key and reads every key
   * periodically. Resolves once the provider and the clients are built (or failed, which is logged).
   */
  start(): Promise<void> {
    if (this.timers.length > 0) return Promise.resolve();
    this.limits.start();
    const refresh = () => this.refresh().catch((err: unknown) => this.options.availability.report(err, 'could not reload signing keys'));
    this.timers = [setInterval(() => void refresh(), KEY_POLL_MS), setInterval(() => void this.syncClients(), CLIENT_SYNC_MS)];
    for (const timer of this.timers) timer.unref();
    return refresh().then(() => this.syncClients());
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.limits.stop();
  }

  /** Whether the provider is built with a key to sign tokens: what the readiness probe asks. */
  signingKeyLoaded(): boolean {
    return this.current?.signs === true;
  }

  /** A key was renewed, deleted or blocked: its next token request reads it again. */
  forget(clientId: string): void {
    this.clients.forget(clientId);
  }

  async refresh(): Promise<void> {
    const version = await this.options.signingKeys.latestVersion();
    if (this.current?.version !== version) await this.rebuild();
  }

  /** Builds the client of every active key in the background (see syncClients), once at a time per provider. */
  private syncClients(): Promise<void> {
    const current = this.current;
    if (!current) return Promise.resolve();
    if (this.syncing?.provider === current.provider) return this.syncing.done;
    const done = syncClients(current.provider, { tokenClients: this.options.tokenClients, clients: this.clients })
      .then(
        (count) => this.options.logger.debug({ count }, 'token endpoint clients ready'),
        (err: unknown) => this.options.availability.report(err, 'could not read the keys for the token endpoint'),
      )
      .finally(() => {
        if (this.syncing?.done === done) this.syncing = undefined;
      });
    this.syncing = { provider: current.provider, done };
    return done;
  }

  private async handler(): Promise<ReturnType<Provider['callback']>> {
    if (!this.current) await this.rebuild();
    return (this.current as NonNullable<typeof this.current>).handler;
  }

  private rebuild(): Promise<void> {
    this.building ??= (async () => {
      try {
        const { version, privateJwks } = await this.options.signingKeys.load();
        const clients = new ClientCache<Client>(CLIENT_CACHE_SIZE);
        const { issuer, audience, limits } = this;
        const trust = this.options.trust;
        const provider = createProvider({
          ...this.options,
          issuer,
          audience,
          privateJwks,
          limits,
          clients,
          clientAddress: (req) => clientAddress(req, trust),
        });
        this.current = { version, provider, handler: provider.callback(), signs: privateJwks.length > 0 };
        this.clients = clients;
        void this.syncClients();
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }
}
