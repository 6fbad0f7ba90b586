import express, { type Router } from 'express';
import type { Logger } from '../logger.ts';
import type { TokenVerifier } from '../oauth/token-verifier.ts';
import type { Services } from '../services.ts';
import { addAdminAuditoriaRoutes } from './admin-audit.routes.ts';
import { addAdminIntegracoesRoutes } from './admin-integrations.routes.ts';
import { addAdminUsoRoutes } from './admin-usage.routes.ts';
import { addAdminUsuariosRoutes } from './admin-users.routes.ts';
import { addAdminUgsRoutes } from './admin-ugs.routes.ts';
import { ApiRoutes } from './api-routes.ts';
import { addAtosPessoalRoutes } from './atos-pessoal.routes.ts';
import { addContratacoesRoutes } from './contratacoes.routes.ts';
import { createDocsRoutes } from './docs.routes.ts';
import { addMeRoutes } from './me.routes.ts';
import { OpenApiRegistry } from './openapi.ts';
import { CursorCodec } from './pagination.ts';
import { apiNotFound, createProblemHandler } from './problem.ts';
import { addRemessasRoutes } from './remessas.routes.ts';
import { jsonBody } from './request-input.ts';
import { addResponsaveisRoutes } from './responsaveis.routes.ts';
import { createBearerAuth } from './tenant.ts';
import { addUgsRoutes } from './ugs.routes.ts';

export interface ApiDeps {
  publicUrl: string;
  version: string;
  verifier: TokenVerifier;
  services: Services;
  /** Signs list cursors; the same on every instance, so any instance continues a listing. */
  cursorSecret: string;
  logger: Logger;
}

/** The JSON API under /api: bearer token → tenant context → routes; every error is problem+json. */
export function createApi(deps: ApiDeps): Router {
  const { services } = deps;
  const registry = new OpenApiRegistry();
  const cursors = new CursorCodec(deps.cursorSecret);
  const v1 = new ApiRoutes(registry, '/v1', cursors);
  addMeRoutes(v1);
  addUgsRoutes(v1, services.ugs);
  addResponsaveisRoutes(v1, services.responsaveis);
  addAdminIntegracoesRoutes(v1, services.integrationsAdmin);
  addAdminUsoRoutes(v1, services.usage);
  addAdminUsuariosRoutes(v1, services.usersAdmin, deps.publicUrl);
  addAdminAuditoriaRoutes(v1, services.auditLog);
  addAdminUgsRoutes(v1, services.ugsAdmin, services.ugMembers);
  addRemessasRoutes(v1, services.remessas);
  addContratacoesRoutes(v1, services.contratacoes);
  addAtosPessoalRoutes(v1, services);

  const document = registry.document({ publicUrl: deps.publicUrl, version: deps.version });
  const api = express.Router();
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  api.use(createDocsRoutes({ publicUrl: deps.publicUrl }));
  // Authentication before the body parser: an anonymous request's body is never read.
  api.use('/v1', createBearerAuth(deps.verifier, services.ugs, services.usageCounter), jsonBody, v1.router);
  api.use(apiNotFound);
  api.use(createProblemHandler(deps.logger, services.availability));
  return api;
}
