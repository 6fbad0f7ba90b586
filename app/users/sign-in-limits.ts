import { TooManyRequestsError } from '../errors/app-error.ts';
import { secondsUntil, type Count, type Limiter, type LimitSpec } from '../limits/limiter.ts';
import type { Limits } from '../limits/limits.ts';

/**
 * Sign-in attempts per 15 minutes:
 * - per (account, IP): that IP is refused for that account, and only for it;
 * - per IP, whatever accounts it tries;
 * - per account, from every IP together: past it, an IP that has itself failed for the account is refused for it,
 *   while one that has not (its owner, elsewhere) is still checked. Knowing someone's e-mail is not enough to keep
 *   them out of the portal; many IPs together get at most `account` attempts plus one each per window.
 */
export const signInLimits = {
  pair: { name: 'sign-in-account-ip', points: 5, windowSeconds: 15 * 60 },
  ip: { name: 'sign-in-ip', points: 30, windowSeconds: 15 * 60 },
  account: { name: 'sign-in-account', points: 100, windowSeconds: 15 * 60 },
} as const satisfies Record<string, LimitSpec>;

const message = 'Muitas tentativas de acesso sem sucesso. Aguarde 15 minutos e tente novamente.';

/**
 * Each attempt is counted atomically in the shared table before its password is checked, so concurrent attempts on
 * any process or instance cannot pass the limit: of 16 simultaneous wrong passwords for one account from one IP, 5 are
 * checked. A successful sign-in gives its attempt back, so only failures use up the limit.
 */
export class SignInLimits {
  private readonly pair: Limiter;
  private readonly ip: Limiter;
  private readonly account: Limiter;

  constructor(limits: Limits) {
    this.pair = limits.limiter(signInLimits.pair);
    this.ip = limits.limiter(signInLimits.ip);
    this.account = limits.limiter(signInLimits.account);
  }

  /** Counts an attempt; refuses it (429, with when to retry) past a limit. */
  async attempt(email: string, ip: string | null): Promise<void> {
    const counts = await Promise.all([this.account.consume(email), ...(ip === null ? [] : [this.pair.consume(pairKey(email, ip)), this.ip.consume(ip)])]);
    const [byAccount, byPair, byIp] = counts as [Count, Count | undefined, Count | undefined];
    const refused = [byPair, byIp].filter((count): count is Count => count?.over === true);
    // The account's own limit refuses only an IP that has failed for it before (its count includes this attempt).
    if (byAccount.over && (byPair === undefined || byPair.count > 1)) refused.push(byAccount);
    if (refused.length > 0) throw new TooManyRequestsError(message, Math.max(...refused.map((count) => secondsUntil(count.until))));
  }

  async succeeded(email: string, ip: string | null): Promise<void> {
    await Promise.all([this.account.refund(email), ...(ip === null ? [] : [this.pair.refund(pairKey(email, ip)), this.ip.refund(ip)])]);
  }
}

const pairKey = (email: string, ip: string) => `${email}|${ip}`;
