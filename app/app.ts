import type { IncomingMessage, RequestListener } from 'node:http';
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { clientAddress, compileTrust } from './client-address.ts';
import type { Config } from './config.ts';
import type { RefusedRequest } from './draining-server.ts';
import type { Logger } from './logger.ts';
import { createApi } from './api/api.ts';
import { OAuthServer } from './oauth/oauth-server.ts';
import { SiblingRevocations } from './oauth/revocation-relay.ts';
import { TokenVerifier } from './oauth/token-verifier.ts';
import { instanceMetrics } from './ops/cluster-metrics.ts';
import { Metrics } from './ops/metrics.ts';
import { createMetricsRoutes } from './ops/metrics.routes.ts';
import { createProbeRoutes } from './ops/probes.routes.ts';
import { Readiness } from './ops/readiness.ts';
import { runInRequest } from './ops/request-context.ts';
import { routeLabel } from './ops/route-label.ts';
import { createPortal } from './portal/portal.ts';
import { refusedRequestLog, requestLog, requestLogger } from './request-log.ts';
import type { Services } from './services.ts';
import { StaticAssets } from './static-assets.ts';
import type { ServerSecrets } from './settings/server-secrets.ts';

export interface AppDeps {
  config: Config;
  services: Services;
  secrets: ServerSecrets;
  logger: Logger;
}

/** A built application: what the server listens with, when it may listen, and how to stop it. */
export interface App {
  /** `POST /oauth/token` goes straight to the provider (logged like any request), everything else to Express. */
  listener: RequestListener;
  /** Logs and counts a request the HTTP parser refused (createDrainingServer's `refused`). */
  refused: RefusedRequest;
  /** Resolves once the token endpoint has built the client of every active key: the server listens after that. */
  ready: Promise<void>;
  /** Stops every timer the app started (signing keys, revocations, last use, usage, the clean-up, the notices job) and writes pending "último uso" and usage. */
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..');
const API_VERSION = '1.0.0';

/** Builds the whole application from what it is given and starts its timers; only app/server.ts listens. */
export function createApp(deps: AppDeps): App {
  const app = express();
  app.disable('x-powered-by');
  // No automatic ETags: hashing every body costs on every request, and portal pages (CSRF tokens) never repeat.
  app.set('etag', false);
  // One compiled trust function for Express's req.ip and the token endpoint (clientAddress), so they cannot disagree.
  const trust = compileTrust(deps.config.trustProxy);
  app.set('trust proxy', trust);
  app.set('views', path.join(root, 'views'));
  app.set('view engine', 'ejs');
  const assets = new StaticAssets(path.join(root, 'public'));
  // What every view links its styles and scripts with: `asset('/public/css/portal.css')`, the address with its hash.
  app.locals.asset = assets.url;

  const { config, services, logger } = deps;
  const { lastUse, usageCounter, revocations, housekeeping, availability } = services;
  availability.start(logger);
  const metrics = new Metrics(services.databaseHealth);
  const oauth = new OAuthServer({
    publicUrl: config.publicUrl,
    tokenTtlSeconds: config.tokenTtlSeconds,
    pepper: deps.secrets.secretPepper,
    trustProxy: config.trustProxy !== false,
    trust,
    tokenClients: services.tokenClients,
    limits: services.limits,
    lastUse,
    usage: usageCounter,
    signingKeys: services.signingKeys,
    revocations,
    availability,
    tokens: metrics.tokens,
    logger,
  });
  const verifier = new TokenVerifier(services.signingKeys, revocations, { issuer: oauth.issuer, audience: oauth.audience });
  // A renewed, deleted or blocked key's next token request reads it again, and its tokens are refused: in every
  // process of this instance before the change is answered; on other instances as soon as PostgreSQL notifies them
  // (or their next poll of the log sees it); the command line's changes likewise.
  revocations.onRevocation((clientId) => oauth.forget(clientId));
  revocations.onLag((lagMs) => metrics.revocationApplied(lagMs));
  const siblings = new SiblingRevocations((entries) => revocations.apply(entries), logger);
  const stopAnnouncing = services.revocationAnnouncements.listen((entries) => {
    revocations.apply(entries);
    return siblings.announce(entries);
  });
  const ready = oauth.start();
  const readiness = new Readiness({ database: services.databaseHealth, started: ready, signingKeyLoaded: () => oauth.signingKeyLoaded() });
  // Background work during an outage: one line when it starts and one when it ends (availability), not a stack a tick.
  revocations.start((err) => availability.report(err, 'could not read credential revocations'));
  lastUse.start((err) => availability.report(err, 'could not record the last use of keys'));
  usageCounter.start((err) => availability.report(err, 'could not record the usage of keys'));
  housekeeping.start(logger, (err) => availability.absorbs(err));
  services.notices.start(logger, (err) => availability.report(err, 'could not run the notices job'));

  app.use(requestLogger(logger, metrics.http, routeLabel));
  // Probes and metrics before everything else: no session, no page headers, nothing written. Behind one check of the
  // path, so that every other request passes one function here rather than two routers.
  const ops = express.Router();
  ops.use(createProbeRoutes(readiness));
  ops.use(createMetricsRoutes({ token: config.metricsToken, metrics: instanceMetrics(metrics.registries()), logger }));
  app.use((req, res, next) => (OPS_PATHS.has(req.path) ? ops(req, res, next) : next()));
  // The token endpoint first: the provider reads its own request bodies (no body parser before it), and its JSON
  // answers need none of helmet's page headers (the router sets nosniff itself), which cost on every token.
  app.use(oauth.router());
  // Pages, scripts, styles and JSON above 1 kB, in br or gzip as the client accepts (Swagger UI's 1.5 MB bundle, a
  // 500-item page). After the token router: its small answers are never worth compressing, and POST /oauth/token does
  // not pass through Express at all.
  app.use(compression({ threshold: 1024 }));
  const https = config.publicUrl.startsWith('https:');
  const pageHeaders = helmet({
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
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https,
  });
  const dataHeaders = apiSecurityHeaders(https);
  app.use((req, res, next) => (req.url.startsWith(API_DATA_PREFIX) ? dataHeaders : pageHeaders)(req, res, next));

  app.use(
    '/api',
    createApi({ publicUrl: config.publicUrl, version: API_VERSION, verifier, services, cursorSecret: deps.secrets.secretPepper, logger }),
  );
  app.use('/public', assets.handler());
  app.use(createPortal(deps));

  const log = requestLog<IncomingMessage>(logger, metrics.http, { ip: (req) => clientAddress(req, trust), route: () => TOKEN_ROUTE });
  const listener: RequestListener = (req, res) => {
    if (!oauth.isTokenRequest(req)) {
      app(req, res);
      return;
    }
    runInRequest(log(req, res, req.url ?? ''), () => oauth.serveToken(req, res));
  };
  const stop = async () => {
    stopAnnouncing();
    siblings.stop();
    oauth.stop();
    await revocations.stop();
    await lastUse.stop();
    await usageCounter.stop();
    await housekeeping.stop();
    await services.notices.stop();
    availability.stop();
  };
  return { listener, refused: refusedRequestLog(logger, metrics.http), ready, stop };
}

/** The paths of the probes and the metrics (app/ops). */
const OPS_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** The token endpoint's route label in the metrics (its requests never reach Express's router). */
const TOKEN_ROUTE = '/oauth/token';

/** The JSON API's data routes (not its documentation pages, which get the portal's headers). */
const API_DATA_PREFIX = '/api/v1/';

/**
 * The headers OWASP's REST Security Cheat Sheet asks of JSON API responses, set in one go: helmet's set is made for
 * HTML pages and costs a few per cent of each API request.
 */
function apiSecurityHeaders(https: boolean) {
  const headers: [string, string][] = [
    ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Frame-Options', 'DENY'],
    ['Referrer-Policy', 'no-referrer'],
    ...(https ? [['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as [string, string]] : []),
  ];
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
