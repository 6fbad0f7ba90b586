import { expect } from 'chai';
import { TooManyRequestsError } from '../../app/errors/app-error.ts';
import { createLimits } from '../../app/limits/limits.ts';
import { SignInLimits, signInLimits } from '../../app/users/sign-in-limits.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('sign-in limits on a real database', () => {
  let database: TestDatabase;
  let limits: SignInLimits;

  beforeEach(async () => {
    database = await createTestDatabase();
    limits = new SignInLimits(createLimits(database.db));
  });
  afterEach(() => database.destroy());

  const refused = async (attempt: Promise<void>) =>
    attempt.then(
      () => false,
      (err: unknown) => {
        if (err instanceof TooManyRequestsError) return true;
        throw err;
      },
    );

  it('past the ceiling, refuses every attempt on the account, even from a network that never tried', async function () {
    this.timeout(60_000);
    const ceiling = signInLimits.accountCeiling.points;
    // One attempt from each of `ceiling` networks: past the account's limit each new one is still let through.
    for (let i = 0; i < ceiling; i += 1) {
      expect(
        await refused(limits.attempt('alvo@b.gov.br', `2001:db8:${(i >> 8).toString(16)}:${(i & 255).toString(16)}::1`)),
        `attempt ${i + 1}`,
      ).to.equal(false);
    }
    expect(await refused(limits.attempt('alvo@b.gov.br', '198.51.100.200'))).to.equal(true);
    // Another account is not affected.
    expect(await refused(limits.attempt('outra@b.gov.br', '198.51.100.200'))).to.equal(false);
  });

  it('counts toward the account and the ceiling only what the IP limits let through: 419 networks leave the owner the 500th check, so it takes 420', async function () {
    this.timeout(60_000);
    const network = (i: number) => `2001:db8:${(i >> 8).toString(16)}:${(i & 255).toString(16)}::1`;
    const { pair, account, accountCeiling } = signInLimits;
    // 20 networks use their 5 attempts and one more each: the account's limit is reached by 100, not 120.
    const first = account.points / pair.points;
    for (let i = 0; i < first; i += 1)
      for (let n = 0; n <= pair.points; n += 1)
        expect(await refused(limits.attempt('alvo@b.gov.br', network(i)))).to.equal(n === pair.points);
    // Past it, each of 399 new networks has its first attempt counted; its second is refused and counts for nothing.
    for (let i = first; i < first + accountCeiling.points - account.points - 1; i += 1) {
      expect(await refused(limits.attempt('alvo@b.gov.br', network(i))), `network ${i + 1}`).to.equal(false);
      expect(await refused(limits.attempt('alvo@b.gov.br', network(i)))).to.equal(true);
    }
    // 499 counted: the owner, from a network of their own, is the 500th; after that, every attempt is refused.
    expect(await refused(limits.attempt('alvo@b.gov.br', '198.51.100.10'))).to.equal(false);
    expect(await refused(limits.attempt('alvo@b.gov.br', '198.51.100.11'))).to.equal(true);
  });

  it("one network refused 500 times leaves the account to others (the auditor's reproduction of the lockout)", async function () {
    this.timeout(60_000);
    const answers: boolean[] = [];
    for (let i = 0; i <= signInLimits.accountCeiling.points; i += 1)
      answers.push(await refused(limits.attempt('vitima@b.gov.br', '203.0.113.66')));
    expect(answers.filter((isRefused) => !isRefused)).to.have.length(signInLimits.pair.points);
    expect(await refused(limits.attempt('vitima@b.gov.br', '198.51.100.10'))).to.equal(false);
  });

  it('counts the addresses of one IPv6 /64 as one network', async () => {
    for (let i = 1; i <= signInLimits.pair.points; i += 1)
      expect(await refused(limits.attempt('alvo@b.gov.br', `2001:db8:9:9::${i}`))).to.equal(false);
    expect(await refused(limits.attempt('alvo@b.gov.br', '2001:db8:9:9::abcd'))).to.equal(true);
    expect(await refused(limits.attempt('alvo@b.gov.br', '2001:db8:9:a::1'))).to.equal(false);
  });
});
