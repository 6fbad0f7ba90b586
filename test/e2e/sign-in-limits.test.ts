import { expect } from 'chai';
import request from 'supertest';
import { auditActions } from '../../app/audit/audit-events.ts';
import { signInLimits } from '../../app/users/sign-in-limits.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createUser, PASSWORD } from '../support/fixtures.ts';
import { csrfFrom, visibleText } from '../support/portal.ts';
import { startInstances, type Instances } from '../support/server.ts';
import { createTestServices } from '../support/services.ts';

describe('portal sign-in limits, counted before the password is checked', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp({ env: { TRUST_PROXY: '1' } });
  });
  afterEach(() => t.close());

  const failures = async (reason: string) =>
    (await t.database.db('audit_events').where({ action: auditActions.loginFailed }).select('details')).filter(
      (row: { details: string }) => JSON.parse(row.details).reason === reason,
    ).length;

  it('checks at most 5 of 16 simultaneous wrong passwords for one account; the others get 429 with Retry-After', async function () {
    this.timeout(30_000);
    await createUser(t.services, { email: 'alvo@b.gov.br' });
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        agent
          .post('/login')
          .type('form')
          .send({ _csrf, email: 'alvo@b.gov.br', password: `errada-${i}-senha` }),
      ),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).to.deep.equal([...Array<number>(5).fill(401), ...Array<number>(11).fill(429)]);
    expect(await failures('bad_password')).to.be.at.most(5);
    for (const res of answers.filter((r) => r.status === 429)) {
      expect(Number(res.headers['retry-after'])).to.be.within(1, 900);
      expect(visibleText(res.text)).to.include('Muitas tentativas de acesso sem sucesso');
    }
  });

  it('does not refuse an account its right password for failures on another account', async () => {
    const user = await createUser(t.services, { email: 'dono@b.gov.br' });
    await createUser(t.services, { email: 'alvo@b.gov.br' });
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    for (let i = 0; i < 6; i += 1)
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf, email: 'alvo@b.gov.br', password: `errada-${i}-senha` });
    await agent.post('/login').type('form').send({ _csrf, email: user.email, password: PASSWORD }).expect(303);
  });

  /** A sign-in through the trusted proxy, from `ip`, in a session of its own. */
  const signInFrom = async (ip: string, email: string, password: string) => {
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    return agent.post('/login').set('X-Forwarded-For', ip).type('form').send({ _csrf, email, password });
  };

  it("refuses an IP an account after its 5 failures there, even the right password, and lets the account's owner in from elsewhere", async () => {
    const user = await createUser(t.services, { email: 'alvo@b.gov.br' });
    for (let i = 0; i < 5; i += 1) expect((await signInFrom('192.0.2.66', user.email, `errada-${i}-senha`)).status).to.equal(401);
    const refused = await signInFrom('192.0.2.66', user.email, PASSWORD);
    expect(refused.status).to.equal(429);
    expect(visibleText(refused.text)).to.include('Muitas tentativas de acesso sem sucesso');
    expect((await signInFrom('198.51.100.7', user.email, PASSWORD)).status).to.equal(303);
  });

  it("past the account's own limit (100 failures from any IPs), refuses the IPs that failed and still checks the others", async function () {
    this.timeout(120_000);
    const user = await createUser(t.services, { email: 'alvo@b.gov.br' });
    for (let i = 0; i < 100; i += 1) expect((await signInFrom(`203.0.113.${i + 1}`, user.email, `errada-${i}-senha`)).status).to.equal(401);
    // An IP that failed once is refused from now on, even with the right password...
    expect((await signInFrom('203.0.113.1', user.email, PASSWORD)).status).to.equal(429);
    // ...one that never failed is checked: a wrong password is one failure more, the owner's right one signs in.
    expect((await signInFrom('198.51.100.8', user.email, 'ainda-errada-senha')).status).to.equal(401);
    expect((await signInFrom('198.51.100.8', user.email, PASSWORD)).status).to.equal(429);
    expect((await signInFrom('198.51.100.9', user.email, PASSWORD)).status).to.equal(303);
    expect(await failures('bad_password')).to.equal(101);
  });

  it('one address cannot lock an account out: of its 501 wrong passwords 5 are checked, and the owner signs in from another', async function () {
    this.timeout(120_000);
    const user = await createUser(t.services, { email: 'alvo@b.gov.br' });
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const statuses: number[] = [];
    for (let i = 0; i <= signInLimits.accountCeiling.points; i += 1) {
      const res = await agent
        .post('/login')
        .set('X-Forwarded-For', '203.0.113.66')
        .type('form')
        .send({ _csrf, email: user.email, password: `errada-${i}-senha` });
      statuses.push(res.status);
    }
    expect(statuses.filter((status) => status === 401)).to.have.length(signInLimits.pair.points);
    expect(statuses.filter((status) => status === 429)).to.have.length(statuses.length - signInLimits.pair.points);
    expect((await signInFrom('198.51.100.10', user.email, PASSWORD)).status).to.equal(303);
  });

  it('counts only failures: signing in again and again is never refused', async function () {
    this.timeout(30_000);
    const user = await createUser(t.services, { email: 'frequente@b.gov.br' });
    for (let i = 0; i < 7; i += 1) {
      const agent = request.agent(t.app);
      const _csrf = await csrfFrom(agent, '/login');
      await agent.post('/login').type('form').send({ _csrf, email: user.email, password: PASSWORD }).expect(303);
    }
  });

  it('audits a failure with the address the trusted proxy saw, not a spoofed leftmost X-Forwarded-For entry', async () => {
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    await agent
      .post('/login')
      .set('X-Forwarded-For', '1.2.3.4, 192.0.2.10')
      .type('form')
      .send({ _csrf, email: 'ninguem@b.gov.br', password: 'qualquer-coisa' })
      .expect(401);
    const event = await t.database.db('audit_events').where({ action: auditActions.loginFailed }).first('ip');
    expect(event.ip).to.equal('192.0.2.10');
  });
});

describe('sign-in limits across instances: two instances of two processes each on one database', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let instances: Instances;

  before(async () => {
    database = await createTestDatabase();
    instances = await startInstances(database.url, 2, { WEB_CONCURRENCY: '2' });
  });
  after(async () => {
    await instances.stop();
    await database.destroy();
  });

  it('checks at most 5 of 16 simultaneous wrong passwords for one account, whichever process each reaches', async () => {
    const { services, close } = await createTestServices({ database });
    await createUser(services, { email: 'alvo@b.gov.br' });
    await close();
    // Each attempt from a visitor of its own (session and CSRF token), spread over the four processes.
    const forms = await Promise.all(
      Array.from({ length: 16 }, async (_, i) => {
        const agent = request.agent(instances.urls[i % instances.urls.length] as string);
        return { agent, _csrf: await csrfFrom(agent, '/login') };
      }),
    );
    const answers = await Promise.all(
      forms.map(({ agent, _csrf }, i) =>
        agent
          .post('/login')
          .type('form')
          .send({ _csrf, email: 'alvo@b.gov.br', password: `errada-${i}-senha` }),
      ),
    );
    expect(answers.map((res) => res.status).sort()).to.deep.equal([...Array<number>(5).fill(401), ...Array<number>(11).fill(429)]);
    const checked = await database
      .db('audit_events')
      .where({ action: auditActions.loginFailed })
      .count<Array<{ n: number | string }>>({ n: '*' });
    expect(Number(checked[0]?.n)).to.equal(5);
  });
});
