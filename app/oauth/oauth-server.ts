import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { IntegrationsService } from '../integrations/integrations.service.ts';
import type { LastUseRecorder } from '../integrations/last-use-recorder.ts';
import type { Logger } from '../logger.ts';
import { FailureThrottle } from './failure-throttle.ts';
import { createProvider, SCOPES } from './provider.ts';
import type { SigningKeysService } from './signing-keys.service.ts';

export const OAUTH_MOUNT = '/oauth';
const KEY_POLL_MS = 5_000;

/** The only provider routes a client-credentials deployment needs; everything else answers 404. */
const ALLOWED = new Set(['POST /token', 'GET /jwks', 'GET /.well-known/openid-configuration']);

export interface OAuthServerOptions {
  publicUrl: string;
  tokenTtlSeconds: number;
  pepper: string;
  trustProxy: boolean;
  integrations: IntegrationsService;
  lastUse: LastUseRecorder;
  signingKeys: SigningKeysService;
  logger: Logger;
}

/**
 * The token endpoint: node-oidc-provider under /oauth, rebuilt when another process adds a signing key
 * (`cidades keys rotate`), so every instance signs with the newest key within a few seconds.
 */
export class OAuthServer {
  readonly issuer: string;
  readonly audience: string;
  private current: { version: number; handler: ReturnType<Provider['callback']> } | undefined;
  private building: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly throttles = { byClient: new FailureThrottle(10, 60_000), byIp: new FailureThrottle(50, 60_000) };

  constructor(private readonly options: OAuthServerOptions) {
    this.issuer = `${options.publicUrl}${OAUTH_MOUNT}`;
    this.audience = `${options.publicUrl}/api`;
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

  router(): Router {
    const router = express.Router();
    router.get(`/.well-known/oauth-authorization-server${OAUTH_MOUNT}`, (_req, res) => {
      res.json(this.metadata());
    });
    router.use(OAUTH_MOUNT, (req: Request, res: Response, next: NextFunction) => {
      if (!ALLOWED.has(`${req.method} ${req.path}`)) {
        res.status(404).json({ error: 'not_found', error_description: 'Este servidor só atende POST /oauth/token, GET /oauth/jwks e a descoberta.' });
        return;
      }
      this.handler().then((handle) => handle(req, res), next);
    });
    return router;
  }

  /** Checks for a new signing key now and every few seconds. */
  start(): void {
    this.timer ??= setInterval(() => void this.refresh().catch((err: unknown) => this.options.logger.error({ err }, 'could not reload signing keys')), KEY_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async refresh(): Promise<void> {
    const version = await this.options.signingKeys.latestVersion();
    if (this.current?.version !== version) await this.rebuild();
  }

  private async handler(): Promise<ReturnType<Provider['callback']>> {
    if (!this.current) await this.rebuild();
    return (this.current as NonNullable<typeof this.current>).handler;
  }

  private rebuild(): Promise<void> {
    this.building ??= (async () => {
      try {
        const { version, privateJwks } = await this.options.signingKeys.load();
        const provider = createProvider({ ...this.options, issuer: this.issuer, audience: this.audience, privateJwks, throttles: this.throttles });
        provider.use(async (ctx, next) => {
          await next();
          if (ctx.oidc?.route === 'discovery' && ctx.status === 200) ctx.body = this.metadata();
        });
        this.current = { version, handler: provider.callback() };
      } finally {
        this.building = undefined;
      }
    })();
    return this.building;
  }
}
