import { timingSafeEqual } from 'node:crypto';
import { cliCaller, type Caller } from '../caller.ts';
import type { Store } from '../db/repositories.ts';
import { NotFoundError } from '../errors/app-error.ts';
import type { User } from './users.repository.ts';
import type { UsersService } from './users.service.ts';
import { parseInput } from '../errors/parse.ts';
import { firstAdminSchema } from './users.schemas.ts';
import { hashOneTimeToken, newOneTimeToken } from './one-time-token.ts';

const SETUP_TOKEN_KEY = 'setup_token_sha256';

const messages = {
  invalidLink: 'Este link de configuração não é válido ou já foi usado.',
};

/** First start: the first Sys Admin comes from ADMIN_EMAIL/ADMIN_PASSWORD, or from a one-time setup link. */
export class SetupService {
  constructor(
    private readonly store: Store,
    private readonly users: UsersService,
  ) {}

  /** Creates the first Sys Admin from the environment when there is no user yet; returns whether it did. */
  async ensureAdminFromEnv(admin: { email?: string; password?: string }): Promise<boolean> {
    if (admin.email === undefined || admin.password === undefined || (await this.users.countUsers()) > 0) return false;
    await this.users.create(
      { nome: 'Administrador', email: admin.email, password: admin.password, isAdmin: true },
      { ...cliCaller, nome: 'instalação (ADMIN_EMAIL)' },
    );
    return true;
  }

  /** A new one-time setup token while no user exists (only its hash is stored); null once someone exists. */
  async issueSetupToken(): Promise<string | null> {
    if ((await this.users.countUsers()) > 0) return null;
    const { token, hash } = newOneTimeToken();
    await this.store.repos.settings.set(SETUP_TOKEN_KEY, hash);
    return token;
  }

  private async isValidToken(token: string): Promise<boolean> {
    const stored = await this.store.repos.settings.get(SETUP_TOKEN_KEY);
    if (stored === null || (await this.users.countUsers()) > 0) return false;
    const given = Buffer.from(hashOneTimeToken(token), 'hex');
    return timingSafeEqual(given, Buffer.from(stored, 'hex'));
  }

  /** NotFound (with a message saying why) unless the link is the current setup link. */
  async assertValidToken(token: string): Promise<void> {
    if (!(await this.isValidToken(token))) throw new NotFoundError(messages.invalidLink);
  }

  /**
   * Creates the first Sys Admin through the setup link, which then stops working. The link is consumed in the same
   * transaction that creates the user (a delete of that very hash), so of simultaneous submissions exactly one succeeds.
   */
  async createFirstAdmin(token: string, input: Record<string, string>, ip: string | null): Promise<User> {
    await this.assertValidToken(token);
    const { passwordConfirmation: _confirmation, ...data } = parseInput(firstAdminSchema, input);
    const caller: Caller = { ...cliCaller, nome: 'instalação (link de configuração)', ip };
    const hash = hashOneTimeToken(token);
    return this.users.create({ ...data, isAdmin: true }, caller, async (repos) => {
      if (!(await repos.settings.deleteIfValue(SETUP_TOKEN_KEY, hash))) throw new NotFoundError(messages.invalidLink);
    });
  }
}
