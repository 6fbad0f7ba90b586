import express, { type Router } from 'express';
import { AVISO_NOT_FOUND } from '../notifications/avisos.service.ts';
import { pageFormSchema } from '../records/list-form.ts';
import type { PortalDeps } from './deps.ts';
import { emptyListing, pathId, readListQuery } from './forms.ts';
import { listPageRequest, pageNav } from './page-nav.ts';
import { callerOf, flash } from './request.ts';

const messages = { dismissed: 'Aviso dispensado.' };

/** Where a dismissal goes back to: the page its form was on (the landing page or the Avisos list), nothing else. */
const returnPaths = new Set(['/unidades-gestoras', '/avisos']);

/** Avisos: the signed-in user's notices, paged (the landing page shows the latest few), each dismissible. */
export function createAvisosRoutes({ services }: PortalDeps): Router {
  const router = express.Router();
  const { avisos } = services;

  router.get('/avisos', async (req, res) => {
    const position = readListQuery(req, pageFormSchema);
    const page = position.ok ? await avisos.page(callerOf(req), listPageRequest(position.filters)) : emptyListing;
    res.status(position.ok ? 200 : position.status).render('avisos/index', {
      title: 'Avisos',
      ...page,
      ...(position.ok ? pageNav(page, position.filters) : {}),
      errors: position.ok ? {} : position.errors,
    });
  });

  router.post('/avisos/:id/dispensar', async (req, res) => {
    await avisos.dismiss(callerOf(req), pathId(req.params.id, AVISO_NOT_FOUND));
    flash(req, 'success', messages.dismissed);
    const back = (req.body as Record<string, unknown> | undefined)?.voltar;
    res.redirect(303, typeof back === 'string' && returnPaths.has(back) ? back : '/avisos');
  });

  return router;
}
