import { randomUUID } from 'node:crypto';
import path from 'node:path';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
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
  app.use('/public', express.static(path.join(root, 'public'), { maxAge: '1h', index: false }));
  app.use(createPortal(deps));
  return app;
}
