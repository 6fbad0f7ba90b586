import express, { type Router } from 'express';
import { parseInput } from '../errors/parse.ts';
import { ugListSchema } from '../ugs/ugs.schemas.ts';
import { UG_NOT_FOUND } from '../ugs/ugs.service.ts';
import type { PortalDeps } from './deps.ts';
import { parseListQuery, pathId, queryFields } from './forms.ts';
import { searchListFormSchema } from '../records/list-form.ts';
import { ADMIN_PAGE_SIZE, callerOf } from './request.ts';

/** "Unidades Gestoras": the UGs the user belongs to (all for a Sys Admin), searchable and paged. */
export function createUgsRoutes({ services }: PortalDeps): Router {
  const router = express.Router();

  router.get('/unidades-gestoras', async (req, res) => {
    const title = 'Unidades Gestoras';
    const filters = parseListQuery(req, res, ugListSchema, 'ugs/index', { title, ...queryFields(req, ['q']), page: 1, pages: 1, total: 0 });
    if (!filters) return;
    const caller = callerOf(req);
    const [result, renewalDue] = await Promise.all([services.ugs.list(caller, filters), services.integrations.renewalDue(caller)]);
    res.render('ugs/index', {
      title,
      ...result,
      renewalDue,
      pages: Math.max(1, Math.ceil(result.total / result.pageSize)),
      errors: {},
    });
  });

  router.get('/unidades-gestoras/:ugId/auditoria', async (req, res) => {
    const afterId = parseInput(searchListFormSchema.shape.apos, req.query.apos);
    const page = await services.auditLog.listForUg(callerOf(req), pathId(req.params.ugId, UG_NOT_FOUND), {
      limit: ADMIN_PAGE_SIZE,
      afterId,
    });
    res.render('audit/index', { title: `Auditoria — ${page.access.ug.nome}`, ...page, showFirstPageLink: req.query.apos !== undefined });
  });

  return router;
}
