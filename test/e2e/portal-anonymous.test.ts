import { createHash } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { dumpDatabase } from '../support/database.ts';
import { cpfFrom, createUser, PASSWORD } from '../support/fixtures.ts';
import { csrfFrom, csrfOf, signIn } from '../support/portal.ts';
import { callerFor } from '../support/services.ts';

const ROUNDS = 20;

/** The value of a cookie the response set, if it set it. */
function setCookie(res: { headers: Record<string, unknown> }, name: string): string | undefined {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return cookies.map((cookie) => cookie.split(';')[0] as string).find((pair) => pair.startsWith(`${name}=`));
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The session id inside a `cidades.sid=s%3A<id>.<signature>` cookie. */
const sessionIdOf = (cookie: string) => /^cidades\.sid=s%3A([^.]+)\./.exec(cookie)?.[1] ?? '';

describe('portal: anonymous requests store nothing, and every form is still CSRF-protected', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const sessionRows = () => t.database.db('sessions').select('*');
  /** The first-run setup link: valid while no user exists. */
  const setupLink = async () => `/setup/${String(await t.services.setup.issueSetupToken())}`;
  /** A new user's password link (which makes the setup link invalid: a user exists). */
  const passwordLink = async () => {
    const admin = await createUser(t.services, { isAdmin: true });
    const created = await t.services.usersAdmin.create(callerFor(admin), {
      nome: 'Pessoa Link',
      cpf: cpfFrom(902),
      email: 'link@exemplo.gov.br',
      isAdmin: false,
    });
    return `/redefinir-senha/${created.passwordLink.token}`;
  };

  /** ROUNDS cookieless GETs of each path, all answered as expected and none setting a session cookie. */
  async function getAnonymously(expected: Record<string, number>): Promise<void> {
    const paths = Object.keys(expected);
    for (let i = 0; i < ROUNDS; i++) {
      const answers = await Promise.all(paths.map((path) => request(t.app).get(path)));
      expect(Object.fromEntries(answers.map((res, j) => [paths[j], res.status]))).to.deep.equal(expected);
      for (const res of answers) expect(setCookie(res, 'cidades.sid')).to.equal(undefined);
    }
  }

  it('stores no session for cookieless GETs: the sign-in page, the one-time links, the docs, a 404 (probes: probes.test.ts)', async () => {
    const pages = { '/': 303, '/login': 200, '/api/docs': 200, '/documentacao-api': 200, '/nao-existe': 303, '/setup/nao-e-o-link': 404 };
    await getAnonymously({ ...pages, [await setupLink()]: 200 });
    await getAnonymously({ ...pages, [await passwordLink()]: 200 });
    expect(await sessionRows()).to.deep.equal([]);
  });

  it('signs in from a form shown without a session, regenerating the session and storing only its hash', async () => {
    const user = await createUser(t.services);
    // A session from before sign-in (signing out leaves one, for its message) is not the one signed in.
    const agent = await signIn(t.app, user.email);
    const signedIn = await csrfFrom(agent, '/unidades-gestoras');
    const out = await agent.post('/logout').type('form').send({ _csrf: signedIn }).expect(303);
    const before = setCookie(out, 'cidades.sid') ?? '';
    expect(before).to.match(/^cidades\.sid=/);

    const _csrf = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf, email: user.email, password: PASSWORD }).expect(303);
    const after = setCookie(res, 'cidades.sid') ?? '';
    expect(after)
      .to.match(/^cidades\.sid=/)
      .and.not.equal(before);
    await agent.get('/unidades-gestoras').expect(200);

    const rows = await t.database.db('sessions').where({ user_id: user.id }).select('sid_hash');
    expect(rows).to.deep.equal([{ sid_hash: sha256(sessionIdOf(after)) }]);
    expect(await t.database.db('sessions').where({ sid_hash: sha256(sessionIdOf(before)) })).to.deep.equal([]);
    const dump = await dumpDatabase(t.database.db);
    expect(sessionIdOf(after)).to.have.length.above(20);
    expect(dump).not.to.include(sessionIdOf(after));
  });

  it('refuses each anonymous form without its token, with a forged one, with a token but not its cookie, or with another visitor’s', async () => {
    const setupPath = await setupLink();
    const admin = {
      nome: 'Ana',
      cpf: '529.982.247-25',
      email: 'ana@tc.br',
      password: 'uma-senha-longa',
      passwordConfirmation: 'uma-senha-longa',
    };
    await refusesForgedTokens(setupPath, admin);
    expect(await t.database.db('users').where({ email: 'ana@tc.br' })).to.deep.equal([]);
    const passwordPath = await passwordLink();
    const newPassword = { password: `${PASSWORD}-novo`, passwordConfirmation: `${PASSWORD}-novo` };
    await refusesForgedTokens(passwordPath, newPassword);
    const user = await createUser(t.services);
    await refusesForgedTokens('/login', { email: user.email, password: PASSWORD });
    expect(await sessionRows()).to.deep.equal([]);
    // The refusals are not the forms' own: with its token each one works.
    const forms: Array<[string, Record<string, string>]> = [
      [passwordPath, newPassword],
      ['/login', { email: user.email, password: PASSWORD }],
    ];
    for (const [path, fields] of forms) {
      const visitor = request.agent(t.app);
      const _csrf = await csrfFrom(visitor, path);
      await visitor
        .post(path)
        .type('form')
        .send({ ...fields, _csrf })
        .expect(303);
    }
  });

  /** Every way of posting `path`'s form without the token of the visitor's own cookie answers 403. */
  async function refusesForgedTokens(path: string, fields: Record<string, string>): Promise<void> {
    const visitor = request.agent(t.app);
    const token = await csrfFrom(visitor, path);
    const othersToken = await csrfFrom(request.agent(t.app), path);
    // A cookie planted with the same value in the form (what a sibling host could try): its HMAC does not hold.
    const planted = `${'a'.repeat(64)}.${'0'.repeat(64)}`;
    const attempts: Array<[string, () => request.Test]> = [
      ['no token', () => visitor.post(path).type('form').send(fields)],
      [
        'a forged token',
        () =>
          visitor
            .post(path)
            .type('form')
            .send({ ...fields, _csrf: 'forjado' }),
      ],
      [
        "another visitor's token",
        () =>
          visitor
            .post(path)
            .type('form')
            .send({ ...fields, _csrf: othersToken }),
      ],
      [
        'the token without its cookie',
        () =>
          request(t.app)
            .post(path)
            .type('form')
            .send({ ...fields, _csrf: token }),
      ],
      [
        'a planted pair',
        () =>
          request(t.app)
            .post(path)
            .set('Cookie', `cidades.csrf=${planted}`)
            .type('form')
            .send({ ...fields, _csrf: planted }),
      ],
    ];
    for (const [what, attempt] of attempts) expect((await attempt()).status, `${path}: ${what}`).to.equal(403);
  }

  it('refuses, once signed in, a token from before sign-in and one from another session', async () => {
    const user = await createUser(t.services);
    const agent = request.agent(t.app);
    const anonymous = csrfOf((await agent.get('/login').expect(200)).text);
    await agent.post('/login').type('form').send({ _csrf: anonymous, email: user.email, password: PASSWORD }).expect(303);
    await agent.post('/logout').type('form').send({ _csrf: anonymous }).expect(403);
    const otherSession = await signIn(t.app, user.email);
    const othersToken = await csrfFrom(otherSession, '/unidades-gestoras');
    await agent.post('/logout').type('form').send({ _csrf: othersToken }).expect(403);
    const own = await csrfFrom(agent, '/unidades-gestoras');
    await agent.post('/logout').type('form').send({ _csrf: own }).expect(303).expect('Location', '/login');
  });
});
