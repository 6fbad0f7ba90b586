import express, { type Router } from 'express';
import { apiErrorTable } from '../api/error-catalog.ts';
import type { PortalDeps } from './deps.ts';

/** "Documentação da API": public, so the gestor can pass its link to the developer who will use the key. */
export function createApiDocsRoutes({ config }: PortalDeps): Router {
  const router = express.Router();
  router.get('/documentacao-api', (_req, res) => {
    res.render('docs/api', {
      title: 'Documentação da API',
      publicUrl: config.publicUrl,
      tokenTtlSeconds: config.tokenTtlSeconds,
      errorCodes: apiErrorTable(),
    });
  });
  return router;
}
