import type { AuditRepository } from '../audit/audit.repository.ts';
import { auditActions, auditEvent } from '../audit/audit-events.ts';
import { requireSysAdmin, type Caller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Db } from '../db/knex.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { LastAdminError, NotFoundError } from '../errors/app-error.ts';
import type { SessionsRepository } from '../sessions/sessions.repository.ts';
import { newOneTimeToken } from './one-time-token.ts';
import type { User, UserFields, UsersRepository } from './users.repository.ts';
import type { UserChanges, UserFieldsInput } from './users-admin.schemas.ts';
import { userUniqueFields, type UsersService } from './users.service.ts';

/** What a Sys Admin reads for a user id that names no one (the service's and the portal's address alike). */
export const USER_NOT_FOUND = 'Usuário não encontrado.';

const messages = {
  adminOnly: 'Somente administradores do sistema administram os usuários.',
  notFound: USER_NOT_FOUND,
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
    private readonly deps: {
      db: Db;
      users: UsersRepository;
      sessions: SessionsRepository;
      audit: AuditRepository;
      usersService: UsersService;
    },
  ) {}

  async list(caller: Caller, q: string | undefined, page: PageRequest): Promise<Page<User>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.deps.users.list(q, page);
  }

  async find(caller: Caller, id: number): Promise<User> {
    requireSysAdmin(caller, messages.adminOnly);
    const found = await this.deps.users.findById(id);
    if (!found) throw new NotFoundError(messages.notFound);
    return found;
  }

  async create(caller: Caller, fields: UserFieldsInput): Promise<UserWithLink> {
    requireSysAdmin(caller, messages.adminOnly);
    const user = await this.deps.usersService.create(fields, caller);
    return this.forcePasswordReset(caller, user.id);
  }

  /** Replaces every editable field (the portal's form, the API's PUT). */
  async update(caller: Caller, id: number, fields: UserFieldsInput): Promise<User> {
    return this.change(caller, id, fields);
  }

  /** Some fields, `ativo`, and `redefinirSenha` (the API's PATCH); what already holds changes nothing. */
  async patch(caller: Caller, id: number, changes: UserChanges): Promise<{ user: User; passwordLink?: PasswordLink }> {
    const { ativo, redefinirSenha, ...fields } = changes;
    const user = await this.change(caller, id, fields, ativo);
    return redefinirSenha === true ? this.forcePasswordReset(caller, id) : { user };
  }

  /** Deactivates (their sessions end at once) or reactivates a user; idempotent. */
  async setAtivo(caller: Caller, id: number, ativo: boolean): Promise<User> {
    return this.change(caller, id, {}, ativo);
  }

  /** The current password stops working, the user's sessions end, and a one-time link lets them choose another. */
  async forcePasswordReset(caller: Caller, id: number): Promise<UserWithLink> {
    const user = await this.find(caller, id);
    const { token, hash } = newOneTimeToken();
    const expiresAt = new Date(Date.now() + PASSWORD_LINK_TTL_MS);
    const { users, sessions, audit } = this.deps;
    await inTransaction(this.deps.db, { users, sessions, audit }, async (repos) => {
      await repos.users.startPasswordReset(id, hash, expiresAt);
      await repos.sessions.deleteByUser(id);
      await repos.audit.insert(
        auditEvent(caller, auditActions.userPasswordReset, { targetType: 'user', targetId: id, details: { expiresAt } }),
      );
    });
    return { user, passwordLink: { token, expiresAt } };
  }

  private async change(caller: Caller, id: number, fields: Partial<UserFields>, ativo?: boolean): Promise<User> {
    const user = await this.find(caller, id);
    const next: UserFields = {
      nome: fields.nome ?? user.nome,
      cpf: fields.cpf ?? user.cpf,
      email: fields.email ?? user.email,
      isAdmin: fields.isAdmin ?? user.isAdmin,
    };
    const changed = editable.filter((field) => next[field] !== user[field]);
    const nextAtivo = ativo ?? user.ativo;
    if (changed.length === 0 && nextAtivo === user.ativo) return user;
    const { users, sessions, audit } = this.deps;
    try {
      await inTransaction(this.deps.db, { users, sessions, audit }, async (repos) => {
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
        await repos.audit.insert(
          auditEvent(caller, nextAtivo ? auditActions.userReactivated : auditActions.userDeactivated, {
            ...target,
            details: { email: next.email },
          }),
        );
      });
    } catch (err) {
      throw translateDatabaseError(err, userUniqueFields);
    }
    return this.find(caller, id);
  }
}
