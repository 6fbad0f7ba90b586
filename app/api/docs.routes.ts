import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import express, { type Router } from 'express';
import { loadPostmanCollection } from './postman-collection.ts';
import { highContrastOf } from '../portal/accessibility.routes.ts';

/** Swagger UI's files, from the npm package: the docs page works offline and loads nothing from a CDN. */
const swaggerUiDir = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
/** The package's version: what the page's asset addresses carry, so an upgrade changes them and they may be cached for good. */
const swaggerUiVersion = (JSON.parse(readFileSync(path.join(swaggerUiDir, 'package.json'), 'utf8')) as { version: string }).version;
/** Only what the page uses: not the package's sample index.html, whose initializer points at the Petstore. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png']);

export interface DocsDeps {
  publicUrl: string;
}

/**
 * GET /api/docs: the OpenAPI document rendered by Swagger UI, "Authorize" with client credentials included;
 * GET /api/postman-collection.json: the same document as a Postman collection (generated with it, postman-collection.ts).
 */
export function createDocsRoutes(deps: DocsDeps): Router {
  const router = express.Router();
  // Read on first request, then kept: the file is a few hundred kB that most servers never serve.
  let collection: string | undefined;
  // The app-wide CSP holds here too: Swagger UI sets styles through the DOM (allowed), and its init script is a file.
  router.get('/docs', (req, res) => {
    res.render('api/docs', {
      openapiUrl: `${req.baseUrl}/openapi.json`,
      assetsUrl: `${req.baseUrl}/docs/assets`,
      assetsVersion: swaggerUiVersion,
      // The portal's high-contrast choice (its cookie) holds here too: api-docs.css carries Swagger UI's part of it.
      highContrast: highContrastOf(req),
    });
  });
  router.get('/docs/assets/:file', (req, res, next) => {
    if (!ASSETS.has(req.params.file)) return next();
    // A year, immutable, at the address the page links (it carries the package's version); a day at any other.
    const current = req.query.v === swaggerUiVersion;
    res.sendFile(req.params.file, { root: swaggerUiDir, maxAge: current ? '365d' : '1d', immutable: current });
  });
  router.get('/postman-collection.json', (_req, res) => {
    res
      .attachment('cidades-api.postman_collection.json')
      .type('json')
      .send((collection ??= loadPostmanCollection(deps.publicUrl)));
  });
  return router;
}
