import express, { type Router } from 'express';
import { UG_NOT_FOUND } from '../ugs/ugs.service.ts';
import type { PortalDeps } from './deps.ts';
import { emptyListing, parseListQuery, pathId, queryFields, readListQuery } from './forms.ts';
import { pageFormSchema, searchListFormSchema } from '../records/list-form.ts';
import { callerOf } from './request.ts';
import { listPageRequest, pageNav } from './page-nav.ts';

/** "Unidades Gestoras", where a user lands: their Avisos, the keys to renew, the UGs they belong to (all for a Sys Admin). */
export function createUgsRoutes({ services }: PortalDeps): Router {
  const router = express.Router();

  router.get('/unidades-gestoras', async (req, res) => {
    const title = 'Unidades Gestoras';
    const filters = parseListQuery(req, res, searchListFormSchema, 'ugs/index', { title, ...queryFields(req, ['q']) });
    if (!filters) return;
    const { q } = filters;
    const caller = callerOf(req);
    const [page, renewalDue, avisos] = await Promise.all([
      services.ugs.list(caller, q || undefined, listPageRequest(filters)),
      services.integrations.renewalDue(caller),
      services.avisos.latest(caller),
    ]);
    res.render('ugs/index', {
      title,
      ...page,
      q,
      query: new URLSearchParams({ q }).toString(),
      ...pageNav(page, filters),
      renewalDue,
      avisos,
      errors: {},
    });
  });

  // A bad position is shown over an empty list, under the UG's header: its access is read either way (a UG the user
  // may not see is not found, whatever the position).
  router.get('/unidades-gestoras/:ugId/auditoria', async (req, res) => {
    const caller = callerOf(req);
    const ugId = pathId(req.params.ugId, UG_NOT_FOUND);
    const position = readListQuery(req, pageFormSchema);
    const page = position.ok
      ? await services.auditLog.listForUg(caller, ugId, listPageRequest(position.filters))
      : { ...emptyListing, access: await services.ugs.access(caller, ugId) };
    res.status(position.ok ? 200 : position.status).render('audit/index', {
      title: `Auditoria — ${page.access.ug.nome}`,
      ...page,
      ...(position.ok ? pageNav(page, position.filters) : {}),
      errors: position.ok ? {} : position.errors,
    });
  });

  return router;
}
