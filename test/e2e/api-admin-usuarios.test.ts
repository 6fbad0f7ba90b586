import { expect } from 'chai';
import request from 'supertest';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import type { User } from '../../app/users/users.repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiCall } from '../support/api.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { cpfFrom, createUgWithPeople, createUser, PASSWORD } from '../support/fixtures.ts';
import { accessToken, createKey, type Key } from '../support/oauth.ts';
import { csrfOf, signIn } from '../support/portal.ts';
import { problem, validationProblem } from '../support/problems.ts';

const BASE = '/v1/admin/usuarios';
const lastAdminDetail =
  'Este é o último administrador do sistema ativo: ele não pode ser desativado nem deixar de ser administrador. Cadastre ou reative outro administrador antes.';
const notFound = problem(404, 'Não encontrado', 'NOT_FOUND', 'Usuário não encontrado.');

describe('/api/v1/admin/usuarios (scope admin)', () => {
  let t: TestApp;
  let tribunal: Ug;
  let people: Awaited<ReturnType<typeof createUgWithPeople>> & { all: User[] };
  let token: string;
  let adminKey: Key;

  before(async () => {
    t = await createTestApp();
    tribunal = await createTribunal(t.services);
    const created = await createUgWithPeople(t.services);
    people = { ...created, all: [created.gestor, created.member, created.outsider, created.admin] };
    ({ key: adminKey, token } = await adminToken(t.app, t.services, tribunal));
  });
  after(() => t.close());

  const call = (method: 'get' | 'post' | 'patch', path: string) => apiCall(t.app, token, method, path);
  const put = (path: string, bearer = token) => request(t.app).put(`/api${path}`).set('Authorization', `Bearer ${bearer}`);
  const fields = (n: number, extra: object = {}) => ({
    nome: `Pessoa ${n}`,
    cpf: cpfFrom(n),
    email: `api-${n}@exemplo.gov.br`,
    isAdmin: false,
    ...extra,
  });

  /** Sets a password through the link an answer carries, as the user would in a browser. */
  async function setPassword(url: string, password: string) {
    const path = new URL(url).pathname;
    const agent = request.agent(t.app);
    const page = await agent.get(path).expect(200);
    await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text), password, passwordConfirmation: password })
      .expect(303);
    return path;
  }

  it('lists users in id order, searched by q over name, e-mail and CPF, paged with a cursor; never a password', async () => {
    const res = await call('get', BASE).expect(200);
    expect(res.body.totalCount).to.equal(4);
    expect(res.body.items.map((u: { id: number }) => u.id)).to.deep.equal([...people.all].map((u) => u.id).sort((a, b) => a - b));
    expect(res.body.items.find((u: { id: number }) => u.id === people.admin.id)).to.deep.equal({
      id: people.admin.id,
      nome: 'Admin Davi',
      cpf: people.admin.cpf,
      email: people.admin.email,
      isAdmin: true,
      ativo: true,
      createdAt: people.admin.createdAt.toISOString(),
    });
    expect(JSON.stringify(res.body)).not.to.include('password').and.not.include('argon2');
    const ids = async (q: string) =>
      ((await call('get', `${BASE}?q=${encodeURIComponent(q)}`).expect(200)).body.items as Array<{ id: number }>).map((u) => u.id);
    const cpf = String(people.member.cpf);
    expect(await ids('MEMBRO bruno')).to.deep.equal([people.member.id]);
    expect(await ids(`${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`)).to.deep.equal([people.member.id]);
    expect(await ids(people.gestor.email.toUpperCase())).to.deep.equal([people.gestor.id]);
    const first = await call('get', `${BASE}?limit=3`).expect(200);
    const second = await call('get', `${BASE}?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(second.body).to.deep.include({ totalCount: 4, totalCountExact: true, nextCursor: null });
    expect(second.body.items.map((u: { id: number }) => u.id)).to.deep.equal([Math.max(...people.all.map((u) => u.id))]);
    const bad = await call('get', `${BASE}?limit=0`).expect(422);
    expect(bad.body).to.deep.equal(validationProblem([{ field: 'limit', message: 'Informe um número inteiro de 1 a 500.' }]));
  });

  it('shows one user, and answers 404 NOT_FOUND for a missing one', async () => {
    const res = await call('get', `${BASE}/${people.member.id}`).expect(200);
    expect(res.body).to.include({ id: people.member.id, nome: 'Membro Bruno', isAdmin: false, ativo: true });
    expect((await call('get', `${BASE}/999999`).expect(404)).body).to.deep.equal(notFound);
    expect((await call('get', `${BASE}/abc`).expect(404)).body.code).to.equal('NOT_FOUND');
  });

  it('creates a user (201, Location) with a one-time password link, given once; refuses invalid and duplicate data', async () => {
    const res = await call('post', BASE)
      .send(fields(501, { cpf: '529.982.247-25', email: 'Nova.Pessoa@Exemplo.gov.br' }))
      .expect(201);
    expect(res.body).to.include({
      nome: 'Pessoa 501',
      cpf: '52998224725',
      email: 'nova.pessoa@exemplo.gov.br',
      isAdmin: false,
      ativo: true,
    });
    expect(res.headers.location).to.equal(`/api/v1/admin/usuarios/${res.body.id}`);
    expect(res.body.passwordLink.url).to.match(/^http:\/\/127\.0\.0\.1:3000\/redefinir-senha\/[\w-]{32}$/);
    expect(Date.parse(res.body.passwordLink.expiresAt) - Date.now()).to.be.greaterThan(23 * 3600 * 1000);
    expect((await call('get', `${BASE}/${res.body.id}`).expect(200)).body).not.to.have.property('passwordLink');
    const path = await setPassword(res.body.passwordLink.url, 'senha-escolhida-por-ela');
    await request(t.app).get(path).expect(404);
    await signIn(t.app, 'nova.pessoa@exemplo.gov.br', 'senha-escolhida-por-ela');
    const [event] = await t.database
      .db('audit_events')
      .where({ action: 'user.created', target_id: String(res.body.id) })
      .select('actor_nome');
    expect(event.actor_nome).to.equal(`Integração ${adminKey.clientId}`);

    const invalid = await call('post', BASE).send({ nome: '', cpf: '529.982.247-24', email: 'x', isAdmin: 'sim' }).expect(422);
    expect(invalid.body).to.deep.equal(
      validationProblem([
        { field: 'nome', message: 'Informe o nome.' },
        { field: 'cpf', message: 'CPF inválido: confira os dígitos verificadores.' },
        { field: 'email', message: 'Informe um e-mail válido.' },
        { field: 'isAdmin', message: 'Informe se o usuário é administrador do sistema.' },
      ]),
    );
    const email = await call('post', BASE)
      .send(fields(502, { email: people.gestor.email }))
      .expect(409);
    expect(email.body).to.deep.equal(
      problem(409, 'Conflito', 'CONFLICT', 'Já existe um registro com estes dados.', [
        { field: 'email', message: 'Já existe um usuário com este e-mail.' },
      ]),
    );
    const cpf = await call('post', BASE)
      .send(fields(503, { cpf: people.gestor.cpf }))
      .expect(409);
    expect(cpf.body.errors).to.deep.equal([{ field: 'cpf', message: 'Já existe um usuário com este CPF.' }]);
  });

  it('replaces a user with PUT (idempotent), 404 for a missing one, 409 CONFLICT naming the field', async () => {
    const user = await createUser(t.services);
    const body = fields(510, { nome: 'Nome Novo', isAdmin: true });
    const res = await put(`${BASE}/${user.id}`).send(body).expect(200);
    expect(res.body).to.include({
      id: user.id,
      nome: 'Nome Novo',
      cpf: cpfFrom(510),
      email: 'api-510@exemplo.gov.br',
      isAdmin: true,
      ativo: true,
    });
    expect((await put(`${BASE}/${user.id}`).send(body).expect(200)).body).to.deep.equal(res.body);
    expect(await t.database.db('audit_events').where({ action: 'user.updated', target_id: String(user.id) })).to.have.length(1);
    expect((await put(`${BASE}/999999`).send(body).expect(404)).body).to.deep.equal(notFound);
    const conflict = await put(`${BASE}/${user.id}`)
      .send({ ...body, email: people.member.email })
      .expect(409);
    expect(conflict.body.errors).to.deep.equal([{ field: 'email', message: 'Já existe um usuário com este e-mail.' }]);
    const partial = await put(`${BASE}/${user.id}`).send({ nome: 'Só o nome' }).expect(422);
    expect(partial.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['cpf', 'email', 'isAdmin']);
  });

  it('deactivates with PATCH (sessions end at once, idempotent), reactivates, and forces a password reset', async () => {
    const user = await createUser(t.services);
    const agent = await signIn(t.app, user.email);
    const off = await call('patch', `${BASE}/${user.id}`).send({ ativo: false }).expect(200);
    expect(off.body).to.include({ id: user.id, ativo: false });
    expect((await call('patch', `${BASE}/${user.id}`).send({ ativo: false }).expect(200)).body).to.deep.equal(off.body);
    const redirected = await agent.get('/unidades-gestoras').expect(303);
    expect(redirected.headers.location).to.match(/^\/login/);
    expect(await t.database.db('audit_events').where({ action: 'user.deactivated', target_id: String(user.id) })).to.have.length(1);
    const on = await call('patch', `${BASE}/${user.id}`).send({ ativo: true, nome: 'De Volta' }).expect(200);
    expect(on.body).to.include({ ativo: true, nome: 'De Volta' }).and.not.have.property('passwordLink');
    const again = await signIn(t.app, user.email, PASSWORD);

    const reset = await call('patch', `${BASE}/${user.id}`).send({ redefinirSenha: true }).expect(200);
    expect(reset.body.passwordLink.url).to.match(/\/redefinir-senha\//);
    await again.get('/unidades-gestoras').expect(303);
    await setPassword(reset.body.passwordLink.url, 'outra-senha-bem-longa');
    await signIn(t.app, user.email, 'outra-senha-bem-longa');
    const invalid = await call('patch', `${BASE}/${user.id}`).send({ ativo: 'nao', cpf: '1' }).expect(422);
    expect(invalid.body.errors).to.deep.equal([
      { field: 'cpf', message: 'CPF inválido: confira os dígitos verificadores.' },
      { field: 'ativo', message: 'Informe se o usuário está ativo.' },
    ]);
    expect((await call('patch', `${BASE}/999999`).send({ ativo: false }).expect(404)).body).to.deep.equal(notFound);
  });

  it('keeps the last active Sys Admin (409 LAST_ADMIN) on PATCH and PUT', async () => {
    const users = (await call('get', BASE).expect(200)).body.items as Array<{ id: number; isAdmin: boolean; ativo: boolean }>;
    const otherAdmins = users.filter((u) => u.isAdmin && u.ativo && u.id !== people.admin.id);
    expect(otherAdmins).to.have.length(1);
    for (const other of otherAdmins) await call('patch', `${BASE}/${other.id}`).send({ isAdmin: false }).expect(200);
    const deactivate = await call('patch', `${BASE}/${people.admin.id}`).send({ ativo: false }).expect(409);
    expect(deactivate.body).to.deep.equal(
      problem(409, 'Conflito', 'LAST_ADMIN', lastAdminDetail, [{ field: 'ativo', message: lastAdminDetail }]),
    );
    const demote = await put(`${BASE}/${people.admin.id}`)
      .send({ nome: 'Admin Davi', cpf: people.admin.cpf, email: people.admin.email, isAdmin: false })
      .expect(409);
    expect(demote.body).to.deep.equal(
      problem(409, 'Conflito', 'LAST_ADMIN', lastAdminDetail, [{ field: 'isAdmin', message: lastAdminDetail }]),
    );
    expect((await call('get', `${BASE}/${people.admin.id}`).expect(200)).body).to.include({ isAdmin: true, ativo: true });
  });

  it('refuses keys without the admin scope (403 INSUFFICIENT_SCOPE) and requests without a token (401)', async () => {
    const keys = [
      await createKey(t.services, people.ug.id, 'leitura'),
      await createKey(t.services, people.ug.id, 'escrita'),
      await createKey(t.services, tribunal.id, 'escrita'),
    ];
    const target = `${BASE}/${people.member.id}`;
    for (const key of keys) {
      const other = await accessToken(t.app, key);
      const calls = [
        apiCall(t.app, other, 'get', BASE),
        apiCall(t.app, other, 'get', target),
        apiCall(t.app, other, 'post', BASE).send(fields(520)),
        put(target, other).send(fields(521)),
        apiCall(t.app, other, 'patch', target).send({ ativo: false }),
      ];
      for (const pending of calls) {
        const res = await pending.expect(403);
        expect(res.body).to.deep.equal(problem(403, 'Acesso negado', 'INSUFFICIENT_SCOPE', 'Esta operação exige o escopo "admin".'));
      }
    }
    for (const [method, path] of [
      ['get', BASE],
      ['get', target],
      ['post', BASE],
      ['put', target],
      ['patch', target],
    ] as const) {
      const anonymous = await request(t.app)[method](`/api${path}`).send({ ativo: false }).expect(401);
      expect(anonymous.body.code, `${method} ${path}`).to.equal('INVALID_TOKEN');
      expect(anonymous.headers['www-authenticate']).to.match(/^Bearer/);
    }
    expect((await t.services.users.findById(people.member.id))?.ativo).to.equal(true);
    expect(await t.database.db('users').where({ email: 'api-520@exemplo.gov.br' })).to.deep.equal([]);
  });
});
