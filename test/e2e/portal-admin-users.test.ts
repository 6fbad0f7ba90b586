import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { cpfFrom, createUser, createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { csrfFrom, csrfOf, expectWalked, signIn, visibleText, walkPages, type Agent } from '../support/portal.ts';

const BASE = '/admin/usuarios';
const NEW_PASSWORD = 'minha-senha-nova-123';
const lastAdminMessage =
  'Este é o último administrador do sistema ativo: ele não pode ser desativado nem deixar de ser administrador. Cadastre ou reative outro administrador antes.';

const masked = (cpf: string) => `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;

/** The one-time link a page shows, as a path of the test app. */
function linkPath(html: string): string {
  const url = /id="password-link"[^>]*value="([^"]+)"/.exec(html)?.[1];
  if (!url) throw new Error('no password link in page');
  return new URL(url).pathname;
}

describe('portal: Administração → Usuários (Sys Admin)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Agent;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    admin = await signIn(t.app, people.admin.email);
  });
  afterEach(() => t.close());

  async function confirm(path: string) {
    const page = await admin.get(path).expect(200);
    return admin
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
  }

  async function submit(path: string, fields: Record<string, string>) {
    const form = await admin.get(path === BASE ? `${BASE}/novo` : path).expect(200);
    return admin
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(form.text), ...fields });
  }

  /** Opens a one-time link and sets the password through its form. */
  async function usePasswordLink(path: string, password = NEW_PASSWORD, confirmation = password) {
    const agent = request.agent(t.app);
    const page = await agent.get(path).expect(200);
    expect(page.headers['cache-control']).to.equal('no-store');
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text), password, passwordConfirmation: confirmation });
  }

  it('lists users, linked from the menu, searched by name, e-mail or CPF with or without punctuation', async () => {
    const joana = await createUser(t.services, { nome: 'Joana Conceição', email: 'joana@camara.es.gov.br' });
    expect((await admin.get('/unidades-gestoras').expect(200)).text).to.include(`href="${BASE}"`);
    const all = visibleText((await admin.get(BASE).expect(200)).text);
    expect(all)
      .to.include('5 usuários')
      .and.include('Joana Conceição')
      .and.include(masked(String(joana.cpf)))
      .and.include('Administrador do sistema');
    for (const q of ['conceicao', 'CAMARA.ES', masked(String(joana.cpf)), String(joana.cpf)]) {
      const found = visibleText((await admin.get(`${BASE}?q=${encodeURIComponent(q)}`).expect(200)).text);
      expect(found, q).to.include('1 usuário ').and.include('Joana Conceição').and.not.include('Gestora Ana');
    }
    expect(visibleText((await admin.get(`${BASE}?q=ninguem`).expect(200)).text)).to.include('Nenhum usuário encontrado.');
    expect((await admin.get(`${BASE}?q=a&q=b`).expect(422)).text).to.include('id="erro-q">Busca inválida.');
    expect(visibleText((await admin.get(`${BASE}?apos=x`).expect(422)).text)).to.include('Página inválida.');
    for (const position of ['antes=x', 'antes=99999999999', 'antes=1&antes=2', 'apos=1&antes=2'])
      expect(visibleText((await admin.get(`${BASE}?${position}`).expect(422)).text), position).to.include(
        'Verifique a busca. Página inválida.',
      );
    // Past what an id column holds: refused as a bad page, not sent to the database (PostgreSQL would refuse it: 500).
    expect(visibleText((await admin.get(`${BASE}?apos=99999999999`).expect(422)).text)).to.include('Página inválida.');
  });

  it('pages 25 at a time to the last page with Próxima and back with Anterior, numbered, keeping the search', async () => {
    const created: number[] = [];
    for (let i = 0; i < 26; i += 1) created.push((await createUser(t.services, { nome: `Servidor ${i}` })).id);
    const userIds = (html: string) => [...html.matchAll(/data-user-id="(\d+)"/g)].map((m) => Number(m[1]));
    const walk = await walkPages(admin, `${BASE}?q=servidor`, userIds);
    expectWalked(walk, 2, created);
    expect(walk.forward[1]?.url).to.match(/^\/admin\/usuarios\?q=servidor&apos=\d+$/);
    expect(walk.backward[1]?.url).to.equal(`${BASE}?q=servidor&antes=${created[25]}`);
    const second = (await admin.get(String(walk.forward[1]?.url)).expect(200)).text;
    expect(second).to.include('<nav class="pagination" aria-label="Paginação">').and.include(`href="${BASE}?q=servidor">« Primeira página`);
    expect(visibleText(second)).to.include('« Primeira página ‹ Anterior Página 2 de 2');
  });

  it('creates a user with errors next to the fields, then shows a one-time link (no-store) that works once', async () => {
    const invalid = await submit(BASE, { nome: ' ', cpf: '123.456.789-00', email: 'nao-e-email', isAdmin: 'talvez' });
    expect(invalid.status).to.equal(422);
    expect(invalid.text)
      .to.include('id="erro-nome">Informe o nome.')
      .and.include('id="erro-cpf">CPF inválido: confira os dígitos verificadores.')
      .and.include('id="erro-email">Informe um e-mail válido.')
      .and.include('id="erro-isAdmin">Informe se o usuário é administrador do sistema.')
      .and.include('value="123.456.789-00"');
    const duplicate = await submit(BASE, {
      nome: 'Outra',
      cpf: masked(cpfFrom(4242)),
      email: people.gestor.email.toUpperCase(),
      isAdmin: 'nao',
    });
    expect(duplicate.status).to.equal(409);
    expect(duplicate.text).to.include('id="erro-email">Já existe um usuário com este e-mail.');

    const form = await admin.get(`${BASE}/novo`).expect(200);
    const fields = {
      _csrf: csrfOf(form.text),
      nome: 'Helena Nova',
      cpf: masked(cpfFrom(4242)),
      email: 'helena@exemplo.gov.br',
      isAdmin: 'sim',
    };
    const posted = await admin.post(BASE).type('form').send(fields).expect(303);
    const helenaId = (await t.database.db('users').where({ email: 'helena@exemplo.gov.br' }).first()).id;
    const linkPage = `${BASE}/${helenaId}/link`;
    expect(posted.headers.location).to.equal(linkPage);
    const created = await admin.get(linkPage).expect(200);
    expect(created.headers['cache-control']).to.equal('no-store');
    expect(visibleText(created.text)).to.include('Usuário cadastrado').and.include('Este link é exibido somente agora.');
    const path = linkPath(created.text);
    // A reload shows no link and issues none; the POST resubmitted (same CSRF token) creates no second user.
    const reload = await admin.get(linkPage).expect(200);
    expect(reload.headers['cache-control']).to.equal('no-store');
    expect(reload.text).not.to.include('id="password-link"');
    expect(visibleText(reload.text)).to.include('Link já exibido').and.include('já foi exibido, uma única vez');
    expect(reload.text).to.include(`href="${BASE}/${helenaId}/redefinir-senha"`);
    const resubmitted = await admin.post(BASE).type('form').send(fields);
    expect(resubmitted.status).to.equal(409);
    const [helenas] = await t.database.db('users').where({ email: 'helena@exemplo.gov.br' }).count({ n: '*' });
    expect(Number(helenas?.n)).to.equal(1);
    expect(path).to.match(/^\/redefinir-senha\/[\w-]{32}$/);
    const helena = await t.database.db('users').where({ email: 'helena@exemplo.gov.br' }).first();
    expect(helena).to.include({ cpf: cpfFrom(4242), password_hash: null });
    expect(Boolean(helena.is_admin)).to.equal(true);

    const short = await usePasswordLink(path, 'curta');
    expect(short.status).to.equal(422);
    expect(short.text).to.include('id="erro-password">A senha deve ter pelo menos 12 caracteres.');
    const mismatch = await usePasswordLink(path, NEW_PASSWORD, 'outra-senha-qualquer');
    expect(mismatch.text).to.include('id="erro-passwordConfirmation">As senhas não conferem.');
    const done = await usePasswordLink(path);
    expect(done.status).to.equal(303);
    expect(done.headers.location).to.equal('/login');
    const used = await request(t.app).get(path).expect(404);
    expect(visibleText(used.text)).to.include('Este link para definir a senha não é válido, já foi usado ou expirou.');
    await signIn(t.app, 'helena@exemplo.gov.br', NEW_PASSWORD);
  });

  it('edits a user: the form comes filled, a duplicate CPF is shown next to its field, saving returns to the list', async () => {
    const path = `${BASE}/${people.member.id}`;
    const form = await admin.get(path).expect(200);
    expect(form.text)
      .to.include(`value="${people.member.nome}"`)
      .and.include(`value="${masked(String(people.member.cpf))}"`);
    const duplicate = await submit(path, { nome: 'Bruno', cpf: String(people.gestor.cpf), email: people.member.email, isAdmin: 'nao' });
    expect(duplicate.status).to.equal(409);
    expect(duplicate.text).to.include('id="erro-cpf">Já existe um usuário com este CPF.');
    const saved = await submit(path, {
      nome: 'Bruno Renomeado',
      cpf: String(people.member.cpf),
      email: 'bruno@exemplo.gov.br',
      isAdmin: 'nao',
    });
    expect(saved.status).to.equal(303);
    expect(saved.headers.location).to.equal(BASE);
    expect(visibleText((await admin.get(BASE).expect(200)).text))
      .to.include('Usuário "Bruno Renomeado" alterado.')
      .and.include('bruno@exemplo.gov.br');
    await admin.get(`${BASE}/999999`).expect(404);
    await admin.get(`${BASE}/${people.member.id}/apagar`).expect(404);
  });

  it("deactivating ends the user's open session at once and refuses sign-in; reactivating lets them back", async () => {
    const member = await signIn(t.app, people.member.email);
    await member.get('/unidades-gestoras').expect(200);
    const page = await admin.get(`${BASE}/${people.member.id}/desativar`).expect(200);
    expect(visibleText(page.text)).to.include('as sessões abertas dele terminam imediatamente');
    const done = await admin
      .post(`${BASE}/${people.member.id}/desativar`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) });
    expect(done.status).to.equal(303);
    expect(await t.database.db('sessions').where({ user_id: people.member.id })).to.deep.equal([]);
    const after = await member.get('/unidades-gestoras').expect(303);
    expect(after.headers.location).to.match(/^\/login/);

    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    const refused = await agent.post('/login').type('form').send({ _csrf, email: people.member.email, password: PASSWORD }).expect(401);
    expect(visibleText(refused.text)).to.include('Este usuário está desativado. Procure o administrador do sistema.');
    expect(visibleText((await admin.get(BASE).expect(200)).text)).to.include('Desativado');

    expect((await confirm(`${BASE}/${people.member.id}/reativar`)).status).to.equal(303);
    await signIn(t.app, people.member.email);
    const events = await t.database
      .db('audit_events')
      .whereIn('action', ['user.deactivated', 'user.reactivated'])
      .orderBy('id')
      .select('action', 'actor_nome', 'target_id');
    expect(events).to.deep.equal([
      { action: 'user.deactivated', actor_nome: 'Admin Davi', target_id: String(people.member.id) },
      { action: 'user.reactivated', actor_nome: 'Admin Davi', target_id: String(people.member.id) },
    ]);
  });

  it('forcing a password reset ends the session, stops the old password and shows a link that works once', async () => {
    const member = await signIn(t.app, people.member.email);
    const posted = await confirm(`${BASE}/${people.member.id}/redefinir-senha`);
    expect(posted.status).to.equal(303);
    const linkPage = `${BASE}/${people.member.id}/link`;
    expect(posted.headers.location).to.equal(linkPage);
    const res = await admin.get(linkPage).expect(200);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(visibleText(res.text)).to.include('Link para definir a senha');
    await member.get('/unidades-gestoras').expect(303);
    const agent = request.agent(t.app);
    const _csrf = await csrfFrom(agent, '/login');
    await agent.post('/login').type('form').send({ _csrf, email: people.member.email, password: PASSWORD }).expect(401);
    const path = linkPath(res.text);
    // A reload issues no new link: the one shown still works.
    expect((await admin.get(linkPage).expect(200)).text).not.to.include('id="password-link"');
    expect((await usePasswordLink(path)).status).to.equal(303);
    await request(t.app).get(path).expect(404);
    await signIn(t.app, people.member.email, NEW_PASSWORD);
    const link = await request(t.app).get('/redefinir-senha/nao-existe').expect(404);
    expect(visibleText(link.text)).to.include('Peça um novo link ao administrador do sistema.');
  });

  it('keeps the last active Sys Admin: not deactivated, not demoted (409, message on the page)', async () => {
    const deactivate = await confirm(`${BASE}/${people.admin.id}/desativar`);
    expect(deactivate.status).to.equal(409);
    expect(deactivate.text).to.include(`id="erro-ativo">${lastAdminMessage}`);
    const demote = await submit(`${BASE}/${people.admin.id}`, {
      nome: 'Admin Davi',
      cpf: String(people.admin.cpf),
      email: people.admin.email,
      isAdmin: 'nao',
    });
    expect(demote.status).to.equal(409);
    expect(demote.text).to.include(`id="erro-isAdmin">${lastAdminMessage}`);
    await admin.get(BASE).expect(200);
  });

  it('refuses a form without its CSRF token', async () => {
    await admin.post(`${BASE}/${people.member.id}/desativar`).type('form').send({}).expect(403);
    expect((await t.services.users.findById(people.member.id))?.ativo).to.equal(true);
  });

  for (const role of ['gestor', 'member', 'outsider'] as const) {
    it(`refuses a ${role} every page and action (403), and hides the menu entry`, async () => {
      const agent = await signIn(t.app, people[role].email);
      const _csrf = await csrfFrom(agent, '/unidades-gestoras');
      const target = people.outsider.id;
      for (const path of [
        BASE,
        `${BASE}/novo`,
        `${BASE}/${target}`,
        `${BASE}/${target}/desativar`,
        `${BASE}/${target}/reativar`,
        `${BASE}/${target}/redefinir-senha`,
      ]) {
        await agent.get(path).expect(403);
      }
      const form = { _csrf, nome: 'X', cpf: cpfFrom(77), email: 'x@exemplo.gov.br', isAdmin: 'sim' };
      for (const path of [BASE, `${BASE}/${target}`, `${BASE}/${target}/desativar`, `${BASE}/${target}/redefinir-senha`]) {
        await agent.post(path).type('form').send(form).expect(403);
      }
      expect((await agent.get('/unidades-gestoras').expect(200)).text).not.to.include(`href="${BASE}"`);
      expect(await t.services.users.findById(target)).to.deep.equal(people.outsider);
    });
  }

  it('sends an anonymous visitor to the login page', async () => {
    const anonymous = request.agent(t.app);
    for (const path of [BASE, `${BASE}/novo`, `${BASE}/${people.member.id}`, `${BASE}/${people.member.id}/desativar`]) {
      const res = await anonymous.get(path).expect(303);
      expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
    }
    const _csrf = await csrfFrom(anonymous, '/login');
    const post = await anonymous.post(`${BASE}/${people.member.id}/desativar`).type('form').send({ _csrf }).expect(303);
    expect(post.headers.location).to.equal('/login');
  });
});
