import express, { type Request, type Response, type Router } from 'express';
import { formatCpf } from '../documents/check-digits.ts';
import { passwordLinkUrl } from '../users/password-link.service.ts';
import { userFormSchema } from '../users/users-admin.schemas.ts';
import { USER_NOT_FOUND, type UserWithLink } from '../users/users-admin.service.ts';
import type { PortalDeps } from './deps.ts';
import { formErrors, formFields, parseForm, parseListQuery, pathId, queryFields } from './forms.ts';
import { searchListFormSchema } from '../records/list-form.ts';
import { oneTime } from './one-time.ts';
import { actionOf, callerOf, flash, requireAdmin } from './request.ts';
import { listPageRequest, pageNav } from './page-nav.ts';

const BASE = '/admin/usuarios';
const FIELDS = ['nome', 'cpf', 'email', 'isAdmin'] as const;

const titles = { list: 'Administração — Usuários', create: 'Cadastrar usuário', edit: 'Alterar usuário' };

/** The headings of the page a password link is shown on, by what issued it; `shown` once it was. */
const linkTitles = { created: 'Usuário cadastrado', reset: 'Link para definir a senha', shown: 'Link já exibido' } as const;

/** The page a new password link is shown on, once (Post/Redirect/Get). */
const linkPath = (id: number) => `${BASE}/${id}/link`;

/** What waits in the session for that page. */
interface KeptLink {
  token: string;
  expiresAt: string;
  issuedBy: 'created' | 'reset';
}

const messages = {
  saved: (nome: string) => `Usuário "${nome}" alterado.`,
  deactivated: (nome: string) => `Usuário "${nome}" desativado. As sessões abertas dele foram encerradas.`,
  reactivated: (nome: string) => `Usuário "${nome}" reativado.`,
};

/** Each confirmation page's title (what it warns about is in views/admin/users/confirm.ejs). */
const actions = {
  desativar: 'Desativar usuário',
  reativar: 'Reativar usuário',
  'redefinir-senha': 'Forçar redefinição de senha',
} as const;

/** Administração → Usuários (Sys Admins): search, create, edit, deactivate, reactivate, force a password reset. */
export function createAdminUsersRoutes({ services, config }: PortalDeps): Router {
  const router = express.Router();
  const service = services.usersAdmin;
  router.use(BASE, requireAdmin);

  const renderForm = (
    res: Response,
    status: number,
    locals: { id?: number; values: Record<string, string>; errors: Record<string, string> },
  ) => res.status(status).render('admin/users/form', { title: locals.id === undefined ? titles.create : titles.edit, id: null, ...locals });

  /** Keeps the new link for its page, and sends the browser there. */
  const showLink = (req: Request, res: Response, issuedBy: KeptLink['issuedBy'], { user, passwordLink }: UserWithLink) => {
    const kept: KeptLink = { token: passwordLink.token, expiresAt: passwordLink.expiresAt.toISOString(), issuedBy };
    oneTime.redirect(req, res, linkPath(user.id), kept);
  };

  router.get(BASE, async (req, res) => {
    const filters = parseListQuery(req, res, searchListFormSchema, 'admin/users/index', { title: titles.list, ...queryFields(req, ['q']) });
    if (!filters) return;
    const page = await service.list(callerOf(req), filters.q || undefined, listPageRequest(filters));
    const query = new URLSearchParams({ q: filters.q }).toString();
    res.render('admin/users/index', {
      title: titles.list,
      ...page,
      q: filters.q,
      query,
      ...pageNav(page, filters),
      errors: {},
    });
  });

  router.get(`${BASE}/novo`, (_req, res) => renderForm(res, 200, { values: { nome: '', cpf: '', email: '', isAdmin: 'nao' }, errors: {} }));

  router.post(BASE, async (req, res) => {
    const values = formFields(req, FIELDS);
    let created: UserWithLink;
    try {
      created = await service.create(callerOf(req), parseForm(userFormSchema, values));
    } catch (err) {
      const { status, errors } = formErrors(err);
      return renderForm(res, status, { values, errors });
    }
    showLink(req, res, 'created', created);
  });

  // A reload or Back finds the link already taken: the page says so, and issues nothing.
  router.get(`${BASE}/:id/link`, async (req, res) => {
    const user = await service.find(callerOf(req), pathId(req.params.id, USER_NOT_FOUND));
    const kept = await oneTime.take<KeptLink>(req, res, linkPath(user.id));
    res.render('admin/users/link', {
      title: linkTitles[kept?.issuedBy ?? 'shown'],
      user,
      url: kept ? passwordLinkUrl(config.publicUrl, kept.token) : null,
      expiresAt: kept ? new Date(kept.expiresAt) : null,
    });
  });

  router.get(`${BASE}/:id`, async (req, res) => {
    const user = await service.find(callerOf(req), pathId(req.params.id, USER_NOT_FOUND));
    const values = {
      nome: user.nome,
      cpf: user.cpf === null ? '' : formatCpf(user.cpf),
      email: user.email,
      isAdmin: user.isAdmin ? 'sim' : 'nao',
    };
    renderForm(res, 200, { id: user.id, values, errors: {} });
  });

  router.post(`${BASE}/:id`, async (req, res) => {
    const id = pathId(req.params.id, USER_NOT_FOUND);
    const values = formFields(req, FIELDS);
    try {
      flash(req, 'success', messages.saved((await service.update(callerOf(req), id, parseForm(userFormSchema, values))).nome));
    } catch (err) {
      const { status, errors } = formErrors(err);
      return renderForm(res, status, { id, values, errors });
    }
    res.redirect(303, BASE);
  });

  router.get(`${BASE}/:id/:acao`, async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const user = await service.find(callerOf(req), pathId(req.params.id, USER_NOT_FOUND));
    res.render('admin/users/confirm', { title: actions[acao], acao, user, errors: {} });
  });

  router.post(`${BASE}/:id/:acao`, async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const caller = callerOf(req);
    const id = pathId(req.params.id, USER_NOT_FOUND);
    if (acao === 'redefinir-senha') return showLink(req, res, 'reset', await service.forcePasswordReset(caller, id));
    try {
      const user = await service.setAtivo(caller, id, acao === 'reativar');
      flash(req, 'success', (acao === 'reativar' ? messages.reactivated : messages.deactivated)(user.nome));
    } catch (err) {
      const { status, errors } = formErrors(err);
      return res.status(status).render('admin/users/confirm', { title: actions[acao], acao, user: await service.find(caller, id), errors });
    }
    res.redirect(303, BASE);
  });

  return router;
}
