import { TooManyRequestsError } from '../errors/app-error.ts';
import { secondsUntil, type Count, type Limiter, type LimitSpec } from '../limits/limiter.ts';
import { limitAddress } from '../limits/limit-address.ts';
import type { Limits } from '../limits/limits.ts';

/**
 * Sign-in attempts per 15 minutes:
 * - per (account, IP): that IP is refused for that account, and only for it;
 * - per IP, whatever accounts it tries;
 * - per account, from every IP together, counting only attempts the first two let through: past it, an IP that has
 *   itself failed for the account is refused for it, while one that has not (its owner, elsewhere) is still checked.
 *   Knowing someone's e-mail is not enough to keep them out of the portal; many IPs together get at most `account`
 *   attempts plus one each per window;
 * - past `accountCeiling` passwords checked on the account, every attempt on it is refused. Only attempts every other
 *   limit let through count, so one IP adds at most 5 and, past `account`, a new IP only its first: keeping the owner
 *   out takes 420 IPs in one window (20 with 5 attempts, then 400 new ones), and nobody gets more guesses.
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
 * checked. The limits are counted in order, and an attempt one of them refuses is not counted by the next, so
 * attempts an IP's own limits refuse use up nothing of the account's. A successful sign-in gives its attempt back, so
 * only failures use up the limits.
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
    const [byPair, byIp] = ip === null ? [] : await Promise.all([this.pair.consume(pairKey(email, ip)), this.ip.consume(ip)]);
    refuseOver([byPair, byIp].filter((count): count is Count => count?.over === true));
    const byAccount = await this.account.consume(email);
    // The account's own limit refuses only an IP that has failed for it before (its count includes this attempt).
    if (byAccount.over && (byPair === undefined || byPair.count > 1)) refuseOver([byAccount]);
    refuseOver([await this.accountCeiling.consume(email)].filter((count) => count.over));
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

/** Refuses the attempt if any count is over its limit, until the last of them ends. */
function refuseOver(over: Count[]): void {
  if (over.length > 0) throw new TooManyRequestsError(message, Math.max(...over.map((count) => secondsUntil(count.until))));
}
