import express, { type Request, type Response, type Router } from 'express';
import type { PortalDeps } from './deps.ts';
import { formatCnpj } from '../documents/check-digits.ts';
import { StateConflictError, type FieldErrors } from '../errors/app-error.ts';
import type { Caller } from '../caller.ts';
import type { AdminUg } from '../ugs/ugs-admin.repository.ts';
import { ugCreateSchema } from '../ugs/ugs.schemas.ts';
import { UG_NOT_FOUND } from '../ugs/ugs.service.ts';
import { formErrors, formFields, parseForm, parseListQuery, pathId, queryFields } from './forms.ts';
import { searchListFormSchema } from '../records/list-form.ts';
import { actionOf, callerOf, flash, requireAdmin } from './request.ts';
import { listPageRequest, pageNav } from './page-nav.ts';

export const ADMIN_UGS = '/admin/unidades-gestoras';
const FIELDS = ['codigo', 'nome', 'cnpj', 'agregadora'] as const;
const LIST_TITLE = 'Administração — Unidades Gestoras';

const messages = {
  created: (ug: AdminUg) => `Unidade gestora ${ug.codigo} cadastrada.`,
  updated: (ug: AdminUg) => `Unidade gestora ${ug.codigo} alterada.`,
  deactivated: (ug: AdminUg) =>
    `Unidade gestora ${ug.codigo} desativada. Suas integrações não obtêm novos tokens, e os emitidos deixam de valer em cerca de um segundo.`,
  reactivated: (ug: AdminUg) => `Unidade gestora ${ug.codigo} reativada. Suas integrações voltam a funcionar com os mesmos segredos.`,
  deleted: (ug: AdminUg) => `Unidade gestora ${ug.codigo} excluída.`,
};

/** Each confirmation page's title (what it warns about is in views/admin/ugs/confirm.ejs). */
const actions = {
  desativar: 'Desativar unidade gestora',
  reativar: 'Reativar unidade gestora',
  excluir: 'Excluir unidade gestora',
} as const;

function renderForm(
  res: Response,
  ug: AdminUg | null,
  values: Record<(typeof FIELDS)[number], string>,
  errors: Record<string, string> = {},
  status = 200,
): void {
  res.status(status).render('admin/ugs/form', { title: ug ? `Editar ${ug.codigo}` : 'Nova unidade gestora', ug, values, errors });
}

/** Each field of the form parsed alone: the fields whose value is valid, to look up what they clash with. */
function validFields(values: Record<(typeof FIELDS)[number], string>): { codigo?: string; cnpj?: string; agregadora?: string } {
  const valid: { codigo?: string; cnpj?: string; agregadora?: string } = {};
  for (const field of ['codigo', 'cnpj', 'agregadora'] as const) {
    const parsed = ugCreateSchema.shape[field].safeParse(values[field]);
    if (parsed.success && typeof parsed.data === 'string') valid[field] = parsed.data;
  }
  return valid;
}

/** Administração → Unidades Gestoras: list, create, edit, deactivate/reactivate, delete (Sys Admins). */
export function createAdminUgsRoutes({ services }: PortalDeps): Router {
  const router = express.Router();
  const service = services.ugsAdmin;
  router.use(ADMIN_UGS, requireAdmin);

  router.get(ADMIN_UGS, async (req, res) => {
    const filters = parseListQuery(req, res, searchListFormSchema, 'admin/ugs/index', { title: LIST_TITLE, ...queryFields(req, ['q']) });
    if (!filters) return;
    const { q } = filters;
    const page = await service.list(callerOf(req), q || undefined, listPageRequest(filters));
    res.render('admin/ugs/index', {
      title: LIST_TITLE,
      ...page,
      q,
      query: new URLSearchParams({ q }).toString(),
      ...pageNav(page, filters),
      errors: {},
    });
  });

  /**
   * A refused form's errors, every one at once: the schema's, and what its valid fields clash with (a código or CNPJ
   * taken, an agregadora that does not exist), so one submission tells everything to fix. In the form's field order.
   */
  async function allErrors(caller: Caller, values: Record<(typeof FIELDS)[number], string>, err: unknown, exceptId?: number) {
    const { status, errors } = formErrors(err);
    const conflicts = await service.conflicts(caller, validFields(values), exceptId);
    const merged: FieldErrors = {};
    for (const field of [...FIELDS, ...Object.keys(errors)]) {
      const message = errors[field] ?? conflicts[field];
      if (message !== undefined) merged[field] = message;
    }
    return { status, errors: merged };
  }

  router.get(`${ADMIN_UGS}/nova`, (_req, res) => renderForm(res, null, { codigo: '', nome: '', cnpj: '', agregadora: '' }));

  router.post(ADMIN_UGS, async (req, res) => {
    const values = formFields(req, FIELDS);
    const caller = callerOf(req);
    try {
      flash(req, 'success', messages.created(await service.create(caller, parseForm(ugCreateSchema, values))));
    } catch (err) {
      const { status, errors } = await allErrors(caller, values, err);
      return renderForm(res, null, values, errors, status);
    }
    res.redirect(303, ADMIN_UGS);
  });

  router.get(`${ADMIN_UGS}/:id/editar`, async (req, res) => {
    const ug = await service.find(callerOf(req), pathId(req.params.id, UG_NOT_FOUND));
    renderForm(res, ug, { codigo: ug.codigo, nome: ug.nome, cnpj: formatCnpj(ug.cnpj), agregadora: ug.agregadora?.codigo ?? '' });
  });

  router.post(`${ADMIN_UGS}/:id/editar`, async (req, res) => {
    const caller = callerOf(req);
    const ug = await service.find(caller, pathId(req.params.id, UG_NOT_FOUND));
    const values = formFields(req, FIELDS);
    try {
      flash(req, 'success', messages.updated(await service.replace(caller, ug.id, parseForm(ugCreateSchema, values))));
    } catch (err) {
      const { status, errors } = await allErrors(caller, values, err, ug.id);
      return renderForm(res, ug, values, errors, status);
    }
    res.redirect(303, ADMIN_UGS);
  });

  const confirmPage = (req: Request, res: Response, ug: AdminUg, error: string | null = null) =>
    res
      .status(error ? 409 : 200)
      .render('admin/ugs/confirm', { title: actions[actionOf(actions, req.params.acao)], acao: req.params.acao, ug, error });

  router.get(`${ADMIN_UGS}/:id/:acao`, async (req, res) => {
    actionOf(actions, req.params.acao);
    confirmPage(req, res, await service.find(callerOf(req), pathId(req.params.id, UG_NOT_FOUND)));
  });

  router.post(`${ADMIN_UGS}/:id/:acao`, async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const caller = callerOf(req);
    const id = pathId(req.params.id, UG_NOT_FOUND);
    try {
      if (acao === 'excluir') flash(req, 'success', messages.deleted(await service.delete(caller, id)));
      else {
        const ug = await service.setAtiva(caller, id, acao === 'reativar');
        flash(req, 'success', ug.ativa ? messages.reactivated(ug) : messages.deactivated(ug));
      }
    } catch (err) {
      // A refusal (UG in use, the Tribunal's UG) is shown on the confirmation page.
      if (!(err instanceof StateConflictError)) throw err;
      return confirmPage(req, res, await service.find(caller, id), err.message);
    }
    res.redirect(303, ADMIN_UGS);
  });

  return router;
}
