import express, { type Router } from 'express';
import { apiErrorTable } from '../api/error-catalog.ts';
import { tokenErrorTable } from '../oauth/token-errors.ts';
import type { PortalDeps } from './deps.ts';

/** The table of every /api error code, from the catalog; the same for every visit. */
const errorCodes = apiErrorTable();

/** "Documentação da API": public, so the gestor can pass its link to the developer who will use the key. */
export function createApiDocsRoutes({ config }: PortalDeps): Router {
  const router = express.Router();
  router.get('/documentacao-api', (_req, res) => {
    res.render('docs/api', {
      title: 'Documentação da API',
      publicUrl: config.publicUrl,
      tokenTtlSeconds: config.tokenTtlSeconds,
      errorCodes,
      tokenErrors: tokenErrorTable,
    });
  });
  return router;
}
