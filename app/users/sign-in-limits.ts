import { TooManyRequestsError } from '../errors/app-error.ts';
import { secondsUntil, type Count, type Limiter, type LimitSpec } from '../limits/limiter.ts';
import { limitAddress } from '../limits/limit-address.ts';
import type { Limits } from '../limits/limits.ts';

/**
 * Sign-in attempts per 15 minutes:
 * - per (account, IP): that IP is refused for that account, and only for it;
 * - per IP, whatever accounts it tries;
 * - per account, from every IP together: past it, an IP that has itself failed for the account is refused for it,
 *   while one that has not (its owner, elsewhere) is still checked. Knowing someone's e-mail is not enough to keep
 *   them out of the portal; many IPs together get at most `account` attempts plus one each per window;
 * - past `accountCeiling` every attempt on the account is refused: only an attacker with that many networks could
 *   keep its owner out, and none can guess past it.
 * IPs are counted by limitAddress (an IPv6 address by its /64), so one network's many addresses count as one.
 */
export const signInLimits = {
  pair: { name: 'sign-in-account-ip', points: 5, windowSeconds: 15 * 60 },
  ip: { name: 'sign-in-ip', points: 30, windowSeconds: 15 * 60 },
  account: { name: 'sign-in-account', points: 100, windowSeconds: 15 * 60 },
  /** Past this many attempts on one account, from however many networks, every one is refused until the window ends. */
  accountCeiling: { name: 'sign-in-account-ceiling', points: 500, windowSeconds: 15 * 60 },
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
  private readonly accountCeiling: Limiter;

  constructor(limits: Limits) {
    this.pair = limits.limiter(signInLimits.pair);
    this.ip = limits.limiter(signInLimits.ip);
    this.account = limits.limiter(signInLimits.account);
    this.accountCeiling = limits.limiter(signInLimits.accountCeiling);
  }

  /** Counts an attempt; refuses it (429, with when to retry) past a limit. */
  async attempt(email: string, address: string | null): Promise<void> {
    const ip = address === null ? null : limitAddress(address);
    const counts = await Promise.all([
      this.account.consume(email),
      this.accountCeiling.consume(email),
      ...(ip === null ? [] : [this.pair.consume(pairKey(email, ip)), this.ip.consume(ip)]),
    ]);
    const [byAccount, byCeiling, byPair, byIp] = counts as [Count, Count, Count | undefined, Count | undefined];
    const refused = [byCeiling, byPair, byIp].filter((count): count is Count => count?.over === true);
    // The account's own limit refuses only an IP that has failed for it before (its count includes this attempt).
    if (byAccount.over && (byPair === undefined || byPair.count > 1)) refused.push(byAccount);
    if (refused.length > 0) throw new TooManyRequestsError(message, Math.max(...refused.map((count) => secondsUntil(count.until))));
  }

  async succeeded(email: string, address: string | null): Promise<void> {
    const ip = address === null ? null : limitAddress(address);
    await Promise.all([
      this.account.refund(email),
      this.accountCeiling.refund(email),
      ...(ip === null ? [] : [this.pair.refund(pairKey(email, ip)), this.ip.refund(ip)]),
    ]);
  }
}

const pairKey = (email: string, ip: string) => `${email}|${ip}`;
