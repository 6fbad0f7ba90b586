import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUser, PASSWORD } from '../support/fixtures.ts';
import { csrfFrom, csrfOf, signIn, visibleText } from '../support/portal.ts';

describe('portal: sign-in, sign-out, CSRF, first-run setup', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  it('sends visitors to the sign-in page and keeps where they were going', async () => {
    await request(t.app).get('/').expect(303).expect('Location', '/login');
    await request(t.app).get('/unidades-gestoras?q=x').expect(303).expect('Location', '/login?next=%2Funidades-gestoras%3Fq%3Dx');
  });

  it('signs in with e-mail and password, regenerating the session, and signs out', async () => {
    const user = await createUser(t.services, { email: 'gestor@pref.es.gov.br' });
    const agent = request.agent(t.app);
    const loginPage = await agent.get('/login?next=/unidades-gestoras').expect(200);
    const sessionCookie = (res: { headers: Record<string, unknown> }) =>
      ((res.headers['set-cookie'] as string[] | undefined) ?? []).find((cookie) => cookie.startsWith('cidades.sid='));
    // The sign-in page stores no session (its form's CSRF token is a signed cookie of its own).
    expect(sessionCookie(loginPage)).to.equal(undefined);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(loginPage.text), email: 'GESTOR@pref.es.gov.br ', password: PASSWORD, next: '/unidades-gestoras' })
      .expect(303)
      .expect('Location', '/unidades-gestoras');
    expect(sessionCookie(res))
      .to.match(/HttpOnly/)
      .and.match(/SameSite=Lax/);

    const home = await agent.get('/unidades-gestoras').expect(200);
    expect(visibleText(home.text)).to.include(user.nome);

    const _csrf = csrfOf(home.text);
    await agent.post('/logout').type('form').send({ _csrf }).expect(303).expect('Location', '/login');
    await agent.get('/unidades-gestoras').expect(303);
  });

  it('refuses a wrong password with a pt-BR message, keeping the e-mail typed', async () => {
    await createUser(t.services, { email: 'a@b.gov.br' });
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf, email: 'a@b.gov.br', password: 'errada-errada' }).expect(401);
    expect(visibleText(res.text).split('E-mail ou senha incorretos.'), 'said once').to.have.length(2);
    expect(res.text).to.include('value="a@b.gov.br"').and.include('aria-invalid="true" aria-describedby="resumo-email"');
    expect(res.text).to.include('class="error-summary" tabindex="-1"');
  });

  it('answers an unknown e-mail exactly as a wrong password', async () => {
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf, email: 'ninguem@b.gov.br', password: 'qualquer-coisa' }).expect(401);
    expect(visibleText(res.text)).to.include('E-mail ou senha incorretos.');
  });

  it('shows field messages for an empty form', async () => {
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf, email: '', password: '' });
    expect(res.status).to.equal(400);
    expect(visibleText(res.text)).to.include('Informe o e-mail.').and.include('Informe a senha.');
  });

  it('throttles an account after 5 failures in 15 minutes, even with the right password', async () => {
    await createUser(t.services, { email: 'alvo@b.gov.br' });
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    for (let i = 0; i < 5; i += 1) {
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf, email: 'alvo@b.gov.br', password: `errada-${i}` })
        .expect(401);
    }
    const res = await agent.post('/login').type('form').send({ _csrf, email: 'alvo@b.gov.br', password: PASSWORD }).expect(429);
    expect(Number(res.headers['retry-after'])).to.be.within(890, 900);
    expect(visibleText(res.text)).to.include('Muitas tentativas de acesso sem sucesso');
  });

  it('throttles an IP after 30 failures across accounts', async () => {
    const user = await createUser(t.services);
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    for (let i = 0; i < 30; i += 1) {
      await agent
        .post('/login')
        .type('form')
        .send({ _csrf, email: `x${i}@b.gov.br`, password: 'errada-errada' })
        .expect(401);
    }
    await agent.post('/login').type('form').send({ _csrf, email: user.email, password: PASSWORD }).expect(429);
  });

  it('refuses a deactivated user', async () => {
    const user = await createUser(t.services, { email: 'inativo@b.gov.br' });
    await t.database.db('users').where({ id: user.id }).update({ ativo: false });
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const res = await agent.post('/login').type('form').send({ _csrf, email: user.email, password: PASSWORD }).expect(401);
    expect(visibleText(res.text)).to.include('Este usuário está desativado');
  });

  it('ends the session of a user deactivated while signed in', async () => {
    const user = await createUser(t.services);
    const agent = await signIn(t.app, user.email);
    await agent.get('/unidades-gestoras').expect(200);
    await t.database.db('users').where({ id: user.id }).update({ ativo: false });
    await agent.get('/unidades-gestoras').expect(303).expect('Location', '/login?next=%2Funidades-gestoras');
  });

  it('answers 403 with a page for a missing or wrong CSRF token', async () => {
    const user = await createUser(t.services);
    const agent = request.agent(t.app);
    await agent.get('/login').expect(200);
    const missing = await agent.post('/login').type('form').send({ email: user.email, password: PASSWORD }).expect(403);
    expect(visibleText(missing.text)).to.include('O formulário expirou');
    await agent.post('/login').type('form').send({ _csrf: 'forjado', email: user.email, password: PASSWORD }).expect(403);
  });

  it('never redirects to another site after sign-in', async () => {
    const user = await createUser(t.services);
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf, email: user.email, password: PASSWORD, next: '//evil.example/x' })
      .expect(303)
      .expect('Location', '/unidades-gestoras');
  });

  it('creates the first Sys Admin through the one-time setup link', async () => {
    const token = await t.services.setup.issueSetupToken();
    expect(token).to.be.a('string');
    const agent = request.agent(t.app);
    await agent.get('/setup/not-the-token').expect(404);
    const _csrf = await csrfFrom(agent, `/setup/${token}`);

    const bad = await agent
      .post(`/setup/${token}`)
      .type('form')
      .send({ _csrf, nome: 'Ana', cpf: '111.111.111-11', email: 'ana@tc.br', password: 'curta', passwordConfirmation: 'outra' })
      .expect(422);
    const text = visibleText(bad.text);
    expect(text).to.include('CPF inválido').and.include('A senha deve ter pelo menos 12 caracteres.');
    expect(bad.text).to.include('value="ana@tc.br"');

    await agent
      .post(`/setup/${token}`)
      .type('form')
      .send({
        _csrf,
        nome: 'Ana Admin',
        cpf: '529.982.247-25',
        email: 'ana@tc.br',
        password: 'uma-senha-longa',
        passwordConfirmation: 'uma-senha-longa',
      })
      .expect(303)
      .expect('Location', '/login');
    await agent.get(`/setup/${token}`).expect(404);
    expect(await t.services.setup.issueSetupToken()).to.equal(null);
    const admin = await signIn(t.app, 'ana@tc.br', 'uma-senha-longa');
    const page = await admin.get('/unidades-gestoras').expect(200);
    expect(visibleText(page.text)).to.include('Administrador');
  });

  it('creates the first Sys Admin from ADMIN_EMAIL and ADMIN_PASSWORD only when there is no user', async () => {
    expect(await t.services.setup.ensureAdminFromEnv({ email: 'ops@tc.br', password: 'senha-do-ambiente' })).to.equal(true);
    expect(await t.services.setup.ensureAdminFromEnv({ email: 'outro@tc.br', password: 'senha-do-ambiente' })).to.equal(false);
    await signIn(t.app, 'ops@tc.br', 'senha-do-ambiente');
  });

  it('answers unknown pages with a 404 page', async () => {
    const user = await createUser(t.services);
    const agent = await signIn(t.app, user.email);
    const res = await agent.get('/nao-existe').expect(404);
    expect(visibleText(res.text)).to.include('Página não encontrada');
  });
});
