import { timingSafeEqual } from 'node:crypto';
import { cliCaller, type Caller } from '../caller.ts';
import { NotFoundError } from '../errors/app-error.ts';
import type { SettingsRepository } from '../settings/settings.repository.ts';
import type { User } from './users.repository.ts';
import type { EnvAdmin, FirstAdminInput } from './users.schemas.ts';
import type { UsersService } from './users.service.ts';
import { hashOneTimeToken, newOneTimeToken } from './one-time-token.ts';

const SETUP_TOKEN_KEY = 'setup_token_sha256';

const messages = {
  invalidLink: 'Este link de configuração não é válido ou já foi usado.',
};

/** First start: the first Sys Admin comes from ADMIN_EMAIL/ADMIN_PASSWORD, or from a one-time setup link. */
export class SetupService {
  constructor(private readonly deps: { settings: SettingsRepository; usersService: UsersService }) {}

  /** Creates the first Sys Admin from the environment when there is no user yet; returns whether it did. */
  async ensureAdminFromEnv(admin: EnvAdmin): Promise<boolean> {
    if ((await this.deps.usersService.countUsers()) > 0) return false;
    await this.deps.usersService.create(
      { nome: 'Administrador', email: admin.email, password: admin.password, isAdmin: true },
      { ...cliCaller, nome: 'instalação (ADMIN_EMAIL)' },
    );
    return true;
  }

  /** A new one-time setup token while no user exists (only its hash is stored); null once someone exists. */
  async issueSetupToken(): Promise<string | null> {
    if ((await this.deps.usersService.countUsers()) > 0) return null;
    const { token, hash } = newOneTimeToken();
    await this.deps.settings.set(SETUP_TOKEN_KEY, hash);
    return token;
  }

  private async isValidToken(token: string): Promise<boolean> {
    const stored = await this.deps.settings.get(SETUP_TOKEN_KEY);
    if (stored === null || (await this.deps.usersService.countUsers()) > 0) return false;
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
  async createFirstAdmin(token: string, input: FirstAdminInput, ip: string | null): Promise<User> {
    await this.assertValidToken(token);
    const { passwordConfirmation: _confirmation, ...data } = input;
    const caller: Caller = { ...cliCaller, nome: 'instalação (link de configuração)', ip };
    const hash = hashOneTimeToken(token);
    return this.deps.usersService.create({ ...data, isAdmin: true }, caller, {
      repositories: { settings: this.deps.settings },
      check: async ({ settings }) => {
        if (!(await settings.deleteIfValue(SETUP_TOKEN_KEY, hash))) throw new NotFoundError(messages.invalidLink);
      },
    });
  }
}
