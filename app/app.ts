import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createApi } from './api/api.ts';
import { OAuthServer } from './oauth/oauth-server.ts';
import { RevocationCache } from './oauth/revocation-cache.ts';
import { TokenVerifier } from './oauth/token-verifier.ts';
import { createPortal } from './portal/portal.ts';
import type { Services } from './services.ts';
import type { ServerSecrets } from './settings/server-secrets.ts';

export interface AppDeps {
  config: Config;
  services: Services;
  secrets: ServerSecrets;
  logger: Logger;
}

const root = path.resolve(import.meta.dirname, '..');
const API_VERSION = '1.0.0';
/** How often each instance reads new revocations: a renewed, deleted or blocked key's tokens stop within ~1 s. */
export const REVOCATION_POLL_MS = 1_000;

/** URL paths that carry a secret in themselves (the one-time setup link) are logged without it. */
function loggableUrl(url: string): string {
  return url.replace(/^\/setup\/[^/?#]+/, '/setup/[redacted]');
}

/** Builds the whole application from what it is given; only app/server.ts listens. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.trustProxy);
  app.set('views', path.join(root, 'views'));
  app.set('view engine', 'ejs');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (_req, res) => {
        const id = randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: loggableUrl(req.url),
          remoteAddress: req.remoteAddress,
        }),
      },
    }),
  );
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          ...(deps.config.publicUrl.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      strictTransportSecurity: deps.config.publicUrl.startsWith('https:'),
    }),
  );

  const { config, services, logger } = deps;
  const oauth = new OAuthServer({
    publicUrl: config.publicUrl,
    tokenTtlSeconds: config.tokenTtlSeconds,
    pepper: deps.secrets.secretPepper,
    trustProxy: config.trustProxy,
    integrations: services.integrations,
    signingKeys: services.signingKeys,
    logger,
  });
  const revocations = new RevocationCache(services.store.repos.revocations, (config.tokenTtlSeconds + 60) * 1000, REVOCATION_POLL_MS);
  const verifier = new TokenVerifier(services.signingKeys, revocations, { issuer: oauth.issuer, audience: oauth.audience });
  oauth.start();
  revocations.start((err) => logger.error({ err }, 'could not read credential revocations'));
  app.locals.stopBackgroundTasks = () => {
    oauth.stop();
    revocations.stop();
  };

  // The provider reads its own request bodies: it is mounted before any body parser.
  app.use(oauth.router());
  app.use('/api', createApi({ publicUrl: config.publicUrl, version: API_VERSION, verifier, ugs: services.ugs, logger }));
  app.use('/public', express.static(path.join(root, 'public'), { maxAge: '1h', index: false }));
  app.use(createPortal(deps));
  return app;
}

/** Stops the app's polling timers (signing keys, revocations), for a clean shutdown. */
export function stopBackgroundTasks(app: Express): void {
  (app.locals.stopBackgroundTasks as (() => void) | undefined)?.();
}
