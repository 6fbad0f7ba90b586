import { auditActions, auditEvent } from '../audit/audit-events.ts';
import type { Caller } from '../caller.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { NotFoundError, UgGestorRequiredError, ValidationError } from '../errors/app-error.ts';
import { applyMembership } from './membership.ts';
import type { AdminUg, GestorTerm, Papel, UgMember, UserRef } from './ugs-admin.repository.ts';
import type { UgAdminStores, UgsAdminService } from './ugs-admin.service.ts';
import type { MemberFormInput } from './ugs.schemas.ts';
import { USER_NOT_FOUND } from '../users/users-admin.service.ts';

/** What a user id answers that names no member of the UG (the portal's path ids too). */
export const NOT_A_MEMBER = 'Este usuário não é membro desta unidade gestora.';

const messages = {
  userNotFound: USER_NOT_FOUND,
  noSuchUser: 'Não existe usuário com este e-mail ou CPF.',
  notMember: NOT_A_MEMBER,
  gestorRequired: (nome: string) => `${nome} é o gestor atual desta unidade gestora: defina outro gestor antes.`,
};

/**
 * A UG's members and its gestor as Sys Admins administer them (Administração → Unidades Gestoras → Membros, and the
 * admin API's `…/membros`): list, add, change the role or the gestor, remove, and the gestor's history. The UG is
 * found, and the caller checked, by the UGs' admin service; every change writes an audit event.
 */
export class UgMembersService {
  constructor(private readonly deps: UgAdminStores & { ugsAdminService: UgsAdminService }) {}

  async members(caller: Caller, ugId: number, page: PageRequest): Promise<Page<UgMember>> {
    const ug = await this.deps.ugsAdminService.find(caller, ugId);
    return this.deps.ugsAdmin.members(ug.id, page);
  }

  async member(caller: Caller, ugId: number, userId: number): Promise<{ ug: AdminUg; member: UgMember }> {
    const ug = await this.deps.ugsAdminService.find(caller, ugId);
    const member = await this.deps.ugsAdmin.member(ug.id, userId);
    if (!member) throw new NotFoundError(messages.notMember);
    return { ug, member };
  }

  async gestorHistory(caller: Caller, ugId: number): Promise<GestorTerm[]> {
    const ug = await this.deps.ugsAdminService.find(caller, ugId);
    return this.deps.ugsAdmin.gestorHistory(ug.id);
  }

  /** The portal's form: a user by e-mail or CPF, and the role; an unknown user is an error of the field. */
  async addMember(caller: Caller, ugId: number, { usuario, papel }: MemberFormInput): Promise<UgMember> {
    const user = await this.deps.ugsAdmin.findUser(usuario);
    if (!user) throw new ValidationError({ usuario: messages.noSuchUser });
    return this.setMembership(caller, ugId, { id: user.id }, papel);
  }

  /** Adds or updates a membership; `gestor` changes the gestor. The current gestor cannot become a plain member. */
  async setMembership(caller: Caller, ugId: number, ref: UserRef, role: Papel): Promise<UgMember> {
    const ug = await this.deps.ugsAdminService.find(caller, ugId);
    const user = await this.deps.ugsAdmin.findUser(ref);
    if (!user) throw new NotFoundError(messages.userNotFound);
    if (role === 'membro' && ug.gestor?.userId === user.id) throw new UgGestorRequiredError(messages.gestorRequired(user.nome));
    await inTransaction(this.deps.db, { ugs: this.deps.ugs, audit: this.deps.audit }, (repos) =>
      applyMembership(repos, caller, ug.id, user, role),
    );
    return (await this.member(caller, ug.id, user.id)).member;
  }

  /** Removes a member (nothing to do for a user who is not one); the current gestor only once another is set. */
  async removeMember(caller: Caller, ugId: number, userId: number): Promise<void> {
    const ug = await this.deps.ugsAdminService.find(caller, ugId);
    const member = await this.deps.ugsAdmin.member(ug.id, userId);
    if (!member) {
      if (!(await this.deps.ugsAdmin.findUser({ id: userId }))) throw new NotFoundError(messages.userNotFound);
      return;
    }
    if (member.papel === 'gestor') throw new UgGestorRequiredError(messages.gestorRequired(member.nome));
    await inTransaction(this.deps.db, { ugsAdmin: this.deps.ugsAdmin, audit: this.deps.audit }, async (repos) => {
      await repos.ugsAdmin.removeMember(ug.id, userId);
      await repos.audit.insert(
        auditEvent(caller, auditActions.memberRemoved, {
          ugId: ug.id,
          targetType: 'user',
          targetId: userId,
          details: { email: member.email },
        }),
      );
    });
  }
}
