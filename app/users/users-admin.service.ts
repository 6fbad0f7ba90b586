import { auditActions, auditEvent } from '../audit/audit.service.ts';
import { requireSysAdmin, type Caller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Page, PageRequest } from '../db/page.ts';
import type { Store } from '../db/repositories.ts';
import { LastAdminError, NotFoundError } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import { newOneTimeToken } from './one-time-token.ts';
import type { User, UserFields } from './users.repository.ts';
import { userChangesSchema, userFieldsSchema } from './users-admin.schemas.ts';
import { userUniqueFields, type UsersService } from './users.service.ts';

const messages = {
  adminOnly: 'Somente administradores do sistema administram os usuários.',
  notFound: 'Usuário não encontrado.',
};

/** How long a one-time password link works. */
export const PASSWORD_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** A one-time password link's token (shown once, never stored) and when it stops working. */
export interface PasswordLink {
  token: string;
  expiresAt: Date;
}

export interface UserWithLink {
  user: User;
  passwordLink: PasswordLink;
}

const editable = ['nome', 'cpf', 'email', 'isAdmin'] as const;

/**
 * Users, for Sys Admins (the portal's admin area and the admin API alike): list, create, edit, deactivate,
 * reactivate, force a password reset. A Sys Admin never chooses a password: creating a user or forcing a reset
 * yields a one-time link the user opens to choose one.
 */
export class UsersAdminService {
  constructor(
    private readonly store: Store,
    private readonly users: UsersService,
  ) {}

  async list(caller: Caller, q: string | undefined, page: PageRequest): Promise<Page<User>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.store.repos.users.list(q, page);
  }

  async find(caller: Caller, id: number): Promise<User> {
    requireSysAdmin(caller, messages.adminOnly);
    const found = Number.isSafeInteger(id) && id > 0 ? await this.store.repos.users.findById(id) : null;
    if (!found) throw new NotFoundError(messages.notFound);
    return found;
  }

  async create(caller: Caller, input: unknown): Promise<UserWithLink> {
    requireSysAdmin(caller, messages.adminOnly);
    const user = await this.users.create(parseInput(userFieldsSchema, input), caller);
    return this.forcePasswordReset(caller, user.id);
  }

  /** Replaces every editable field (the portal's form, the API's PUT). */
  async update(caller: Caller, id: number, input: unknown): Promise<User> {
    return this.change(caller, id, parseInput(userFieldsSchema, input));
  }

  /** Some fields, `ativo`, and `redefinirSenha` (the API's PATCH); what already holds changes nothing. */
  async apply(caller: Caller, id: number, input: unknown): Promise<{ user: User; passwordLink?: PasswordLink }> {
    const { ativo, redefinirSenha, ...fields } = parseInput(userChangesSchema, input);
    const user = await this.change(caller, id, fields, ativo);
    return redefinirSenha === true ? this.forcePasswordReset(caller, id) : { user };
  }

  /** Deactivates (their sessions end at once) or reactivates a user; idempotent. */
  async setActive(caller: Caller, id: number, ativo: boolean): Promise<User> {
    return this.change(caller, id, {}, ativo);
  }

  /** The current password stops working, the user's sessions end, and a one-time link lets them choose another. */
  async forcePasswordReset(caller: Caller, id: number): Promise<UserWithLink> {
    const user = await this.find(caller, id);
    const { token, hash } = newOneTimeToken();
    const expiresAt = new Date(Date.now() + PASSWORD_LINK_TTL_MS);
    await this.store.transaction(async (repos) => {
      await repos.users.startPasswordReset(id, hash, expiresAt);
      await repos.sessions.deleteByUser(id);
      await repos.audit.insert(auditEvent(caller, auditActions.userPasswordReset, { targetType: 'user', targetId: id, details: { expiresAt } }));
    });
    return { user, passwordLink: { token, expiresAt } };
  }

  private async change(caller: Caller, id: number, fields: Partial<UserFields>, ativo?: boolean): Promise<User> {
    const user = await this.find(caller, id);
    const next: UserFields = { nome: fields.nome ?? user.nome, cpf: fields.cpf ?? user.cpf, email: fields.email ?? user.email, isAdmin: fields.isAdmin ?? user.isAdmin };
    const changed = editable.filter((field) => next[field] !== user[field]);
    const nextAtivo = ativo ?? user.ativo;
    if (changed.length === 0 && nextAtivo === user.ativo) return user;
    try {
      await this.store.transaction(async (repos) => {
        if (user.isAdmin && user.ativo && (!next.isAdmin || !nextAtivo)) {
          const admins = await repos.users.lockActiveAdminIds();
          if (admins.every((adminId) => adminId === id)) throw new LastAdminError(nextAtivo ? 'isAdmin' : 'ativo');
        }
        const target = { targetType: 'user', targetId: id };
        if (changed.length > 0) {
          await repos.users.update(id, next);
          const details = Object.fromEntries(changed.map((field) => [field, next[field]]));
          await repos.audit.insert(auditEvent(caller, auditActions.userUpdated, { ...target, details }));
        }
        if (nextAtivo === user.ativo) return;
        await repos.users.setAtivo(id, nextAtivo);
        if (!nextAtivo) await repos.sessions.deleteByUser(id);
        await repos.audit.insert(auditEvent(caller, nextAtivo ? auditActions.userReactivated : auditActions.userDeactivated, { ...target, details: { email: next.email } }));
      });
    } catch (err) {
      throw translateDatabaseError(err, userUniqueFields);
    }
    return this.find(caller, id);
  }
}
