import express, { type Router } from 'express';
import type { PortalDeps } from './deps.ts';
import { adminFiltersFormSchema, blockSchema } from '../integrations/integrations-admin.schemas.ts';
import { permissaoLabels } from '../integrations/integrations.schemas.ts';
import { INTEGRATION_NOT_FOUND } from '../integrations/integrations.service.ts';
import { formErrors, formFields, parseForm, parseListQuery, pathId, queryFields, shownSecretTime } from './forms.ts';
import { oneTime } from './one-time.ts';
import { actionOf, callerOf, flash, requireAdmin } from './request.ts';
import { listPageRequest, pageNav } from './page-nav.ts';

const LIST_TITLE = 'Administração — Integrações';
const BASE = '/admin/integracoes';
/** The page a renewed secret is shown on, once (Post/Redirect/Get). */
const secretPath = (id: number) => `${BASE}/${id}/segredo`;

const messages = {
  blocked: (d: string) => `Integração "${d}" bloqueada. Ela não obtém novos tokens, e os emitidos deixam de valer em cerca de um segundo.`,
  unblocked: (d: string) => `Integração "${d}" desbloqueada. O mesmo client secret volta a funcionar.`,
  deleted: (d: string) => `Integração "${d}" excluída.`,
  notFound: INTEGRATION_NOT_FOUND,
};

/** Each confirmation page: its title, and what it warns about (in views/admin/integrations/confirm.ejs). */
const actions = {
  bloquear: 'Bloquear integração',
  desbloquear: 'Desbloquear integração',
  renovar: 'Renovar segredo',
  excluir: 'Excluir integração',
} as const;

/** Administração → Integrações: every UG's keys, filtered and paged; block, unblock, renew, delete (Sys Admins). */
export function createAdminIntegrationsRoutes({ services, config }: PortalDeps): Router {
  const router = express.Router();
  const service = services.integrationsAdmin;
  const tokenUrl = `${config.publicUrl}/oauth/token`;
  router.use(BASE, requireAdmin);

  router.get(BASE, async (req, res) => {
    const filters = parseListQuery(req, res, adminFiltersFormSchema, 'admin/integrations/index', {
      title: LIST_TITLE,
      filters: queryFields(req, ['ug', 'situacao', 'permissao', 'q']),
      permissaoLabels,
    });
    if (!filters) return;
    const { ug, situacao, permissao, q } = filters;
    const page = await service.list(
      callerOf(req),
      { ugCodigo: ug, bloqueada: situacao === undefined ? undefined : situacao === 'bloqueada', permissao, q: q || undefined },
      listPageRequest(filters),
    );
    const query = new URLSearchParams({ ug: ug ?? '', situacao: situacao ?? '', permissao: permissao ?? '', q }).toString();
    res.render('admin/integrations/index', {
      title: LIST_TITLE,
      ...page,
      filters,
      query,
      ...pageNav(page, filters),
      errors: {},
      permissaoLabels,
    });
  });

  // A reload or Back finds the secret already taken: the page says so, and renews nothing.
  router.get(`${BASE}/:id/segredo`, async (req, res) => {
    const integration = await service.find(callerOf(req), pathId(req.params.id, messages.notFound));
    const shown = await oneTime.take<{ clientSecret: string }>(req, res, secretPath(integration.id));
    res.render('admin/integrations/secret', {
      title: shown ? 'Segredo renovado' : 'Segredo já exibido',
      integration,
      clientSecret: shown?.clientSecret ?? null,
      tokenUrl,
    });
  });

  router.get(`${BASE}/:id/:acao`, async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const integration = await service.find(callerOf(req), pathId(req.params.id, messages.notFound));
    res.render('admin/integrations/confirm', {
      title: actions[acao],
      acao,
      integration,
      values: { motivo: '' },
      errors: {},
      permissaoLabels,
    });
  });

  router.post(`${BASE}/:id/:acao`, async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const caller = callerOf(req);
    const id = pathId(req.params.id, messages.notFound);
    if (acao === 'renovar') {
      // The form sent again (a double click, a resubmission) finds its secret renewed already: nothing is renewed twice,
      // and a double click still shows the secret its first sending made.
      const shownAt = shownSecretTime(req);
      const renewed = shownAt ? await service.renewIfCurrent(caller, id, { expectedAt: shownAt }) : await service.renew(caller, id);
      return oneTime.redirect(req, res, secretPath(id), renewed && { clientSecret: renewed.clientSecret }, shownAt?.getTime().toString());
    }
    if (acao === 'excluir') {
      flash(req, 'success', messages.deleted((await service.delete(caller, id)).descricao));
      return res.redirect(303, BASE);
    }
    if (acao === 'desbloquear') {
      flash(req, 'success', messages.unblocked((await service.unblock(caller, id)).descricao));
      return res.redirect(303, BASE);
    }
    const values = formFields(req, ['motivo'] as const);
    try {
      const { motivo } = parseForm(blockSchema, values);
      flash(req, 'success', messages.blocked((await service.block(caller, id, motivo)).descricao));
    } catch (err) {
      const { status, errors } = formErrors(err);
      const integration = await service.find(caller, id);
      return res
        .status(status)
        .render('admin/integrations/confirm', { title: actions[acao], acao, integration, values, errors, permissaoLabels });
    }
    res.redirect(303, BASE);
  });

  return router;
}
