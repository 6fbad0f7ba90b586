import express, { type Router } from 'express';
import type { Logger } from '../logger.ts';
import type { TokenVerifier } from '../oauth/token-verifier.ts';
import type { UgsService } from '../ugs/ugs.service.ts';
import { createDocsRoutes } from './docs.routes.ts';
import { createMeRoutes } from './me.routes.ts';
import { OpenApiRegistry } from './openapi.ts';
import { apiNotFound, createProblemHandler } from './problem.ts';
import { createBearerAuth } from './tenant.ts';

export interface ApiDeps {
  publicUrl: string;
  version: string;
  verifier: TokenVerifier;
  ugs: UgsService;
  logger: Logger;
}

/** The JSON API under /api: bearer token → tenant context → routes; every error is problem+json. */
export function createApi(deps: ApiDeps): Router {
  const api = express.Router();
  const registry = new OpenApiRegistry();
  const v1 = express.Router();
  v1.use(createBearerAuth(deps.verifier, deps.ugs));
  v1.use(createMeRoutes(registry));

  const document = registry.document({ publicUrl: deps.publicUrl, version: deps.version });
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use(createDocsRoutes({ document, publicUrl: deps.publicUrl }));
  api.use(express.json({ limit: '1mb' }));
  api.use('/v1', v1);
  api.use(apiNotFound);
  api.use(createProblemHandler(deps.logger));
  return api;
}
