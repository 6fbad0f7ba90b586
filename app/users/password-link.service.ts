import { userCaller } from '../caller.ts';
import { auditActions, auditEvent } from '../audit/audit-events.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { Db } from '../db/knex.ts';
import { inTransaction } from '../db/transaction.ts';
import { NotFoundError } from '../errors/app-error.ts';
import type { SessionsRepository } from '../sessions/sessions.repository.ts';
import { hashOneTimeToken } from './one-time-token.ts';
import { hashPassword } from './password.ts';
import type { User, UsersRepository } from './users.repository.ts';
import type { PasswordConfirmation } from './users.schemas.ts';

const messages = {
  invalidLink: 'Este link para definir a senha não é válido, já foi usado ou expirou. Peça um novo link ao administrador do sistema.',
};

/** Where a user opens a one-time password link (the token travels only in this URL). */
export function passwordLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/redefinir-senha/${token}`;
}

/** The user's side of a one-time password link: it works once, until it expires, and sets a new password. */
export class PasswordLinkService {
  constructor(private readonly deps: { db: Db; users: UsersRepository; sessions: SessionsRepository; audit: AuditRepository }) {}

  /** The link's user; NotFound (with a message saying why) for an unknown, used or expired link. */
  async userOf(token: string): Promise<User> {
    const user = await this.deps.users.findByResetToken(hashOneTimeToken(token));
    if (!user) throw new NotFoundError(messages.invalidLink);
    return user;
  }

  /** Sets the password and consumes the link; any session still open for the user ends. */
  async setPassword(token: string, { password }: PasswordConfirmation, ip: string | null): Promise<User> {
    const user = await this.userOf(token);
    const passwordHash = await hashPassword(password);
    const { users, sessions, audit } = this.deps;
    await inTransaction(this.deps.db, { users, sessions, audit }, async (repos) => {
      // Conditional on the link still working: of two submissions racing, only one sets a password.
      if (!(await repos.users.completePasswordReset(hashOneTimeToken(token), passwordHash))) throw new NotFoundError(messages.invalidLink);
      await repos.sessions.deleteByUser(user.id);
      await repos.audit.insert(auditEvent(userCaller(user, ip), auditActions.userPasswordSet, { targetType: 'user', targetId: user.id }));
    });
    return user;
  }
}
