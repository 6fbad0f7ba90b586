import { auditActions, auditEvent } from '../audit/audit.service.ts';
import type { Caller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Repositories, Store } from '../db/repositories.ts';
import { ValidationError, type FieldErrors } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import type { Limits } from '../limits/limits.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { SignInLimits } from './sign-in-limits.ts';
import type { User } from './users.repository.ts';
import { loginSchema, userCreateSchema, type UserCreateInput } from './users.schemas.ts';

const messages = {
  badCredentials: 'E-mail ou senha incorretos.',
  inactive: 'Este usuário está desativado. Procure o administrador do sistema.',
};

/** The user fields a unique constraint guards, each with its conflict's message (translateDatabaseError). */
export const userUniqueFields: FieldErrors = {
  email: 'Já existe um usuário com este e-mail.',
  cpf: 'Já existe um usuário com este CPF.',
};

export class UsersService {
  private readonly signIn: SignInLimits;

  constructor(
    private readonly store: Store,
    limits: Limits,
  ) {
    this.signIn = new SignInLimits(limits);
  }

  findById(id: number): Promise<User | null> {
    return this.store.repos.users.findById(id);
  }

  countUsers(): Promise<number> {
    return this.store.repos.users.count();
  }

  /**
   * Validates and hashes outside the transaction; `precondition`, when given, runs first inside it (consuming a one-time
   * link, say), so a refusal there creates nobody.
   */
  async create(input: UserCreateInput, caller: Caller, precondition?: (repos: Repositories) => Promise<void>): Promise<User> {
    const data = parseInput(userCreateSchema, input);
    const passwordHash = data.password === undefined ? null : await hashPassword(data.password);
    try {
      return await this.store.transaction(async (repos) => {
        await precondition?.(repos);
        const id = await repos.users.insert({ nome: data.nome, cpf: data.cpf ?? null, email: data.email, isAdmin: data.isAdmin, passwordHash });
        await repos.audit.insert(
          auditEvent(caller, auditActions.userCreated, { targetType: 'user', targetId: id, details: { email: data.email, isAdmin: data.isAdmin } }),
        );
        return (await repos.users.findById(id)) as User;
      });
    } catch (err) {
      throw translateDatabaseError(err, userUniqueFields);
    }
  }

  async recordLogout(caller: Caller): Promise<void> {
    await this.store.repos.audit.insert(auditEvent(caller, auditActions.logout, { targetType: 'user', targetId: caller.userId ?? undefined }));
  }

  /** Checks e-mail and password, each attempt counted first per account and per IP (sign-in-limits.ts); every outcome is audited. */
  async authenticate(input: { email?: unknown; password?: unknown }, ip: string | null): Promise<User> {
    const { email, password } = parseInput(loginSchema, input);
    const { audit, users } = this.store.repos;
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
