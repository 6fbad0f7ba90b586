import express, { type Request, type Response, type Router } from 'express';
import type { Caller } from '../caller.ts';
import { StateConflictError, type FieldErrors } from '../errors/app-error.ts';
import type { PortalDeps } from './deps.ts';
import { NOT_A_MEMBER } from '../ugs/ug-members.service.ts';
import { memberFormSchema } from '../ugs/ugs.schemas.ts';
import { UG_NOT_FOUND } from '../ugs/ugs.service.ts';
import { ADMIN_UGS } from './admin-ugs.routes.ts';
import { emptyListing, formErrors, formFields, parseForm, pathId, readListQuery } from './forms.ts';
import { pageFormSchema } from '../records/list-form.ts';
import { actionOf, callerOf, flash, requireAdmin } from './request.ts';
import { listPageRequest, pageNav } from './page-nav.ts';

const MEMBERS = `${ADMIN_UGS}/:id/membros`;

const messages = {
  added: (nome: string) => `${nome} adicionado(a) como membro.`,
  gestor: (nome: string) => `${nome} é agora o gestor desta unidade gestora. Ao entrar, verá o aviso para renovar as chaves criadas antes.`,
  removed: (nome: string) => `${nome} removido(a) da unidade gestora.`,
};

const actions = { 'tornar-gestor': 'Tornar gestor', remover: 'Remover membro' } as const;

/** Administração → Unidades Gestoras → Membros: members with their role, add, remove, change the gestor, history. */
export function createAdminUgMembersRoutes({ services }: PortalDeps): Router {
  const router = express.Router();
  const { ugsAdmin, ugMembers: service } = services;
  router.use(MEMBERS, requireAdmin);

  async function renderMembers(
    req: Request<{ id: string }>,
    res: Response,
    caller: Caller,
    form: { values: Record<string, string>; errors: FieldErrors; status: number },
  ) {
    const ugId = pathId(req.params.id, UG_NOT_FOUND);
    const position = readListQuery(req, pageFormSchema);
    const ug = await ugsAdmin.find(caller, ugId);
    const [page, history] = await Promise.all([
      position.ok ? service.members(caller, ugId, listPageRequest(position.filters)) : emptyListing,
      service.gestorHistory(caller, ugId),
    ]);
    res.status(position.ok ? form.status : position.status).render('admin/ugs/members', {
      title: `Membros — ${ug.codigo}`,
      ug,
      ...page,
      history,
      ...(position.ok ? pageNav(page, position.filters) : {}),
      listErrors: position.ok ? {} : position.errors,
      ...form,
    });
  }

  router.get(MEMBERS, (req, res) =>
    renderMembers(req, res, callerOf(req), { values: { usuario: '', papel: 'membro' }, errors: {}, status: 200 }),
  );

  router.post(MEMBERS, async (req, res) => {
    const caller = callerOf(req);
    const ugId = pathId(req.params.id, UG_NOT_FOUND);
    const values = formFields(req, ['usuario', 'papel'] as const);
    try {
      const member = await service.addMember(caller, ugId, parseForm(memberFormSchema, values));
      flash(req, 'success', member.papel === 'gestor' ? messages.gestor(member.nome) : messages.added(member.nome));
    } catch (err) {
      const { status, errors } = formErrors(err);
      return renderMembers(req, res, caller, { values, errors, status });
    }
    res.redirect(303, `${ADMIN_UGS}/${req.params.id}/membros`);
  });

  async function confirmPage(req: Request<{ id: string; userId: string; acao: string }>, res: Response, error: string | null) {
    const acao = actionOf(actions, req.params.acao);
    const { ug, member } = await service.member(
      callerOf(req),
      pathId(req.params.id, UG_NOT_FOUND),
      pathId(req.params.userId, NOT_A_MEMBER),
    );
    res.status(error ? 409 : 200).render('admin/ugs/member-confirm', { title: actions[acao], acao, ug, member, error });
  }

  router.get(`${MEMBERS}/:userId/:acao`, (req, res) => confirmPage(req, res, null));

  router.post(`${MEMBERS}/:userId/:acao`, async (req, res) => {
    const acao = actionOf(actions, req.params.acao);
    const caller = callerOf(req);
    const ugId = pathId(req.params.id, UG_NOT_FOUND);
    const { member } = await service.member(caller, ugId, pathId(req.params.userId, NOT_A_MEMBER));
    try {
      if (acao === 'tornar-gestor') await service.setMembership(caller, ugId, { id: member.id }, 'gestor');
      else await service.removeMember(caller, ugId, member.id);
    } catch (err) {
      if (!(err instanceof StateConflictError)) throw err;
      return confirmPage(req, res, err.message);
    }
    flash(req, 'success', acao === 'remover' ? messages.removed(member.nome) : messages.gestor(member.nome));
    res.redirect(303, `${ADMIN_UGS}/${ugId}/membros`);
  });

  return router;
}
