import express, { type Router } from 'express';
import { parseInput } from '../errors/parse.ts';
import { UG_NOT_FOUND } from '../ugs/ugs.service.ts';
import type { PortalDeps } from './deps.ts';
import { parseListQuery, pathId, queryFields } from './forms.ts';
import { searchListFormSchema } from '../records/list-form.ts';
import { LIST_PAGE_SIZE, callerOf } from './request.ts';

/** "Unidades Gestoras": the UGs the user belongs to (all for a Sys Admin), searchable and paged. */
export function createUgsRoutes({ services }: PortalDeps): Router {
  const router = express.Router();

  router.get('/unidades-gestoras', async (req, res) => {
    const title = 'Unidades Gestoras';
    const filters = parseListQuery(req, res, searchListFormSchema, 'ugs/index', { title, ...queryFields(req, ['q']) });
    if (!filters) return;
    const { q, apos } = filters;
    const caller = callerOf(req);
    const [page, renewalDue] = await Promise.all([
      services.ugs.list(caller, q || undefined, { limit: LIST_PAGE_SIZE, afterId: apos }),
      services.integrations.renewalDue(caller),
    ]);
    res.render('ugs/index', {
      title,
      ...page,
      q,
      query: new URLSearchParams({ q }).toString(),
      showFirstPageLink: apos !== undefined,
      renewalDue,
      errors: {},
    });
  });

  router.get('/unidades-gestoras/:ugId/auditoria', async (req, res) => {
    const afterId = parseInput(searchListFormSchema.shape.apos, req.query.apos);
    const page = await services.auditLog.listForUg(callerOf(req), pathId(req.params.ugId, UG_NOT_FOUND), {
      limit: LIST_PAGE_SIZE,
      afterId,
    });
    res.render('audit/index', { title: `Auditoria — ${page.access.ug.nome}`, ...page, showFirstPageLink: req.query.apos !== undefined });
  });

  return router;
}
