import { auditActions, auditEvent } from '../audit/audit-events.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { Caller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Db } from '../db/knex.ts';
import { inTransaction } from '../db/transaction.ts';
import { ValidationError, type FieldErrors } from '../errors/app-error.ts';
import type { Limits } from '../limits/limits.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { SignInLimits } from './sign-in-limits.ts';
import type { User, UsersRepository } from './users.repository.ts';
import type { Credentials, NewUserInput } from './users.schemas.ts';

const messages = {
  badCredentials: 'E-mail ou senha incorretos.',
  inactive: 'Este usuário está desativado. Procure o administrador do sistema.',
};

/** The user fields a unique constraint guards, each with its conflict's message (translateDatabaseError). */
export const userUniqueFields: FieldErrors = {
  email: 'Já existe um usuário com este e-mail.',
  cpf: 'Já existe um usuário com este CPF.',
};

/**
 * A check that must hold in the very transaction that creates the user (consuming a one-time link, say), over the
 * repositories it names: they are rebuilt over that transaction, so a refusal there creates nobody.
 */
export interface CreatePrecondition<R extends Record<string, object>> {
  repositories: R;
  check(repositories: R): Promise<void>;
}

const noPrecondition: CreatePrecondition<Record<never, never>> = { repositories: {}, check: async () => undefined };

export class UsersService {
  private readonly signIn: SignInLimits;

  constructor(private readonly deps: { db: Db; users: UsersRepository; audit: AuditRepository; limits: Limits }) {
    this.signIn = new SignInLimits(deps.limits);
  }

  findById(id: number): Promise<User | null> {
    return this.deps.users.findById(id);
  }

  countUsers(): Promise<number> {
    return this.deps.users.count();
  }

  /** Hashes outside the transaction; `precondition`, when given, runs first inside it. */
  create<R extends Record<string, object>>(input: NewUserInput, caller: Caller, precondition?: CreatePrecondition<R>): Promise<User> {
    return precondition ? this.insert(input, caller, precondition) : this.insert(input, caller, noPrecondition);
  }

  private async insert<R extends Record<string, object>>(
    input: NewUserInput,
    caller: Caller,
    precondition: CreatePrecondition<R>,
  ): Promise<User> {
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    try {
      const repositories = { ...precondition.repositories, users: this.deps.users, audit: this.deps.audit };
      return await inTransaction(this.deps.db, repositories, async (repos) => {
        await precondition.check(repos);
        const { users, audit } = repos;
        const id = await users.insert({
          nome: input.nome,
          cpf: input.cpf ?? null,
          email: input.email,
          isAdmin: input.isAdmin,
          passwordHash,
        });
        await audit.insert(
          auditEvent(caller, auditActions.userCreated, {
            targetType: 'user',
            targetId: id,
            details: { email: input.email, isAdmin: input.isAdmin },
          }),
        );
        return (await users.findById(id)) as User;
      });
    } catch (err) {
      throw translateDatabaseError(err, userUniqueFields);
    }
  }

  async recordLogout(caller: Caller): Promise<void> {
    await this.deps.audit.insert(auditEvent(caller, auditActions.logout, { targetType: 'user', targetId: caller.userId ?? undefined }));
  }

  /** Checks e-mail and password, each attempt counted first per account and per IP (sign-in-limits.ts); every outcome is audited. */
  async authenticate({ email, password }: Credentials, ip: string | null): Promise<User> {
    const { audit, users } = this.deps;
    await this.signIn.attempt(email, ip);
    const user = await users.findByEmailWithPassword(email);
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
    const anonymous: Caller = { userId: user?.id ?? null, clientId: null, nome: user?.nome ?? email, isAdmin: false, ip, scope: null };
    if (!user || !passwordOk || !user.ativo) {
      const reason = !user ? 'unknown_user' : !passwordOk ? 'bad_password' : 'inactive';
      await audit.insert(auditEvent(anonymous, auditActions.loginFailed, { targetType: 'user', targetId: email, details: { reason } }));
      throw new ValidationError({ email: user && passwordOk ? messages.inactive : messages.badCredentials }, messages.badCredentials);
    }
    await audit.insert(auditEvent(anonymous, auditActions.loginSucceeded, { targetType: 'user', targetId: email }));
    await this.signIn.succeeded(email, ip);
    const { passwordHash: _hash, ...safe } = user;
    return safe;
  }
}
