import { TooManyRequestsError } from '../errors/app-error.ts';
import { secondsUntil, type Limiter, type LimitSpec } from '../limits/limiter.ts';
import type { Limits } from '../limits/limits.ts';

/** Sign-in attempts per 15 minutes: per account (whoever tries it) and per IP (whatever accounts it tries). */
export const signInLimits = {
  account: { name: 'sign-in-account', points: 5, windowSeconds: 15 * 60 },
  ip: { name: 'sign-in-ip', points: 30, windowSeconds: 15 * 60 },
} as const satisfies Record<string, LimitSpec>;

const message = 'Muitas tentativas de acesso sem sucesso. Aguarde 15 minutos e tente novamente.';

/**
 * Each attempt is counted atomically in the shared table before its password is checked, so concurrent attempts on
 * any process or instance cannot pass the limit: of 16 simultaneous wrong passwords for one account, 5 are checked.
 * A successful sign-in gives its attempt back, so only failures use up the limit, as before.
 */
export class SignInLimits {
  private readonly account: Limiter;
  private readonly ip: Limiter;

  constructor(limits: Limits) {
    this.account = limits.limiter(signInLimits.account);
    this.ip = limits.limiter(signInLimits.ip);
  }

  /** Counts an attempt; refuses it (429, with when to retry) past either limit. */
  async attempt(email: string, ip: string | null): Promise<void> {
    const counts = await Promise.all([this.account.consume(email), ...(ip === null ? [] : [this.ip.consume(ip)])]);
    const over = counts.filter((count) => count.over);
    if (over.length > 0) throw new TooManyRequestsError(message, Math.max(...over.map((count) => secondsUntil(count.until))));
  }

  async succeeded(email: string, ip: string | null): Promise<void> {
    await Promise.all([this.account.refund(email), ...(ip === null ? [] : [this.ip.refund(ip)])]);
  }
}
