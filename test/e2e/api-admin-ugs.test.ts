import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { UgsRepository, type Ug } from '../../app/ugs/ugs.repository.ts';
import { apiCall } from '../support/api.ts';
import { adminToken, createTribunal, untilRefused } from '../support/admin.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { cnpjFrom, createUg, createUgWithPeople, createUser } from '../support/fixtures.ts';
import { accessToken, createKey, tokenRequest, type Key } from '../support/oauth.ts';
import { problem, ugNotFoundProblem, validationProblem } from '../support/problems.ts';

const BASE = '/v1/admin/unidades-gestoras';
/** The stated bound (README): a deactivated UG's outstanding tokens are refused within about a second. */
const BOUND_MS = 1_500;
const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' };

/** Polls until the request answers 200, at most `boundMs`: a reactivated UG's revocation read from the log. */
async function untilAccepted(call: () => PromiseLike<{ status: number }>, boundMs: number): Promise<{ status: number; elapsedMs: number }> {
  const started = Date.now();
  let { status } = await call();
  while (status !== 200 && Date.now() - started < boundMs) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    ({ status } = await call());
  }
  return { status, elapsedMs: Date.now() - started };
}

describe('/api/v1/admin/unidades-gestoras (scope admin)', () => {
  let t: TestApp;
  let tribunal: Ug;
  let token: string;
  let adminKey: Key;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;

  beforeEach(async () => {
    t = await createTestApp();
    tribunal = await createTribunal(t.services);
    ({ key: adminKey, token } = await adminToken(t.app, t.services, tribunal));
    people = await createUgWithPeople(t.services);
  });
  afterEach(() => t.close());

  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => apiCall(t.app, token, method, path);
  const ids = (body: { items: Array<{ id: number }> }) => body.items.map((i) => i.id);

  it('lists every UG with agregadora, situação and gestor; searches with q (CNPJ masked or not); pages with a cursor', async () => {
    const child = await createUg(t.services, { codigo: 'FILHA-1', nome: 'Câmara Filha', agregadora: people.ug.codigo });
    const all = await call('get', BASE).expect(200);
    expect(all.body).to.include({ totalCount: 3, totalCountExact: true, nextCursor: null });
    expect(ids(all.body)).to.deep.equal([tribunal.id, people.ug.id, child.id]);
    const item = all.body.items[2];
    expect(item).to.deep.include({
      codigo: 'FILHA-1',
      agregadoraId: people.ug.id,
      agregadora: { id: people.ug.id, codigo: people.ug.codigo, nome: people.ug.nome },
      ativa: true,
      situacao: 'ativa',
      tribunal: false,
      gestor: null,
    });
    expect(all.body.items[1].gestor).to.include({ id: people.gestor.id, nome: 'Gestora Ana', email: people.gestor.email });
    const masked = `${child.cnpj.slice(0, 2)}.${child.cnpj.slice(2, 5)}.${child.cnpj.slice(5, 8)}/${child.cnpj.slice(8, 12)}-${child.cnpj.slice(12)}`;
    expect(ids((await call('get', `${BASE}?q=${encodeURIComponent(masked)}`).expect(200)).body)).to.deep.equal([child.id]);
    expect(ids((await call('get', `${BASE}?q=filha`).expect(200)).body)).to.deep.equal([child.id]);
    const first = await call('get', `${BASE}?limit=2`).expect(200);
    const second = await call('get', `${BASE}?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(ids(second.body)).to.deep.equal([child.id]);
    expect((await call('get', `${BASE}?limit=0`).expect(422)).body).to.deep.equal(
      validationProblem([{ field: 'limit', message: 'Informe um número inteiro de 1 a 500.' }]),
    );
  });

  it('shows one UG, and answers 404 NOT_FOUND for a missing one', async () => {
    expect((await call('get', `${BASE}/${people.ug.id}`).expect(200)).body).to.include({ id: people.ug.id, codigo: people.ug.codigo });
    for (const id of ['999999', 'abc']) {
      const missing = await call('get', `${BASE}/${id}`)
        .expect(404)
        .expect('Content-Type', /problem\+json/);
      expect(missing.body).to.deep.equal(
        id === 'abc' ? problem(404, 'Não encontrado', 'NOT_FOUND', 'Recurso não encontrado.') : ugNotFoundProblem,
      );
    }
  });

  it('creates a UG (201 + Location, alphanumeric CNPJ); refuses duplicates (409 CONFLICT) and invalid fields (422, pt-BR per field)', async () => {
    const res = await call('post', BASE)
      .send({ codigo: 'NOVA', nome: 'Nova UG', cnpj: '12.abc.345/01de-35', agregadoraId: people.ug.id })
      .expect(201);
    expect(res.headers.location).to.equal(`/api${BASE}/${res.body.id}`);
    expect(res.body).to.include({ codigo: 'NOVA', cnpj: '12ABC34501DE35', agregadoraId: people.ug.id, situacao: 'ativa' });
    const duplicate = await call('post', BASE)
      .send({ codigo: 'NOVA', nome: 'Outra', cnpj: cnpjFrom(9) })
      .expect(409);
    expect(duplicate.body).to.deep.equal(
      problem(409, 'Conflito', 'CONFLICT', 'Já existe um registro com estes dados.', [
        { field: 'codigo', message: 'Já existe uma unidade gestora com este código.' },
      ]),
    );
    const invalid = await call('post', BASE).send({ codigo: 'a b', nome: '', cnpj: '11.222.333/0001-82', agregadoraId: 'x' }).expect(422);
    expect(invalid.body).to.deep.equal(
      validationProblem([
        { field: 'codigo', message: 'Use apenas letras, números, ponto, hífen ou sublinhado no código.' },
        { field: 'nome', message: 'Informe o nome.' },
        { field: 'cnpj', message: 'CNPJ inválido: confira os dígitos verificadores.' },
        { field: 'agregadoraId', message: 'Informe o id da UG agregadora, ou null.' },
      ]),
    );
    const unknown = await call('post', BASE)
      .send({ codigo: 'OUTRA', nome: 'Outra', cnpj: cnpjFrom(10), agregadoraId: 999999 })
      .expect(422);
    expect(unknown.body).to.deep.equal(validationProblem([{ field: 'agregadoraId', message: 'Não existe unidade gestora com este id.' }]));
  });

  it('replaces (PUT) and patches (PATCH) a UG; refuses cycles, direct and transitive, with 409 UG_CYCLE', async () => {
    const child = await createUg(t.services, { codigo: 'FILHA', agregadora: people.ug.codigo });
    const grandchild = await createUg(t.services, { codigo: 'NETA', agregadora: 'FILHA' });
    const path = `${BASE}/${people.ug.id}`;
    const cycle = (codigo: string) =>
      problem(409, 'Conflito', 'UG_CYCLE', 'A agregação formaria um ciclo.', [
        { field: 'agregadoraId', message: `A UG ${codigo} já está abaixo desta UG: ela não pode ser a agregadora.` },
      ]);
    expect((await call('patch', path).send({ agregadoraId: grandchild.id }).expect(409)).body).to.deep.equal(cycle('NETA'));
    expect(
      (await call('put', path).send({ codigo: people.ug.codigo, nome: 'X', cnpj: people.ug.cnpj, agregadoraId: child.id }).expect(409))
        .body,
    ).to.deep.equal(cycle('FILHA'));
    const self = await call('patch', path).send({ agregadoraId: people.ug.id }).expect(409);
    expect(self.body.errors).to.deep.equal([{ field: 'agregadoraId', message: 'Uma UG não pode ser a agregadora de si mesma.' }]);
    const moved = await call('patch', `${BASE}/${grandchild.id}`).send({ agregadoraId: null, nome: 'Neta Independente' }).expect(200);
    expect(moved.body).to.include({ agregadoraId: null, nome: 'Neta Independente', codigo: 'NETA' });
    const replaced = await call('put', path).send({ codigo: 'TROCADA', nome: 'Trocada', cnpj: people.ug.cnpj }).expect(200);
    expect(replaced.body).to.include({ codigo: 'TROCADA', nome: 'Trocada', agregadoraId: null });
    expect((await call('put', path).send({ codigo: 'TROCADA', nome: 'Trocada', cnpj: people.ug.cnpj }).expect(200)).body).to.deep.equal(
      replaced.body,
    );
    const events = await t.database
      .db('audit_events')
      .where({ action: 'ug.updated', target_id: String(people.ug.id) })
      .select('actor_nome', 'details');
    expect(events).to.have.length(1);
    expect(events[0].actor_nome).to.equal(`Integração ${adminKey.clientId}`);
    expect(JSON.parse(events[0].details as string)).to.deep.equal({
      codigo: people.ug.codigo,
      alteracoes: { codigo: { de: people.ug.codigo, para: 'TROCADA' }, nome: { de: people.ug.nome, para: 'Trocada' } },
    });
    await call('put', `${BASE}/999999`)
      .send({ codigo: 'X', nome: 'X', cnpj: cnpjFrom(11) })
      .expect(404);
  });

  it('deactivates with PATCH ativa: its key gets no token and its tokens stop within the bound; reactivating restores the same secret', async () => {
    const key = await createKey(t.services, people.ug.id);
    const before = await accessToken(t.app, key);
    const me = (bearer: string) => request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${bearer}`);
    await me(before).expect(200);
    const off = await call('patch', `${BASE}/${people.ug.id}`).send({ ativa: false }).expect(200);
    expect(off.body).to.include({ ativa: false, situacao: 'desativada' });
    expect((await call('patch', `${BASE}/${people.ug.id}`).send({ ativa: false }).expect(200)).body).to.deep.equal(off.body);
    expect((await tokenRequest(t.app, key).expect(401)).body).to.deep.equal(INVALID_CLIENT);
    const { status, elapsedMs } = await untilRefused(() => me(before), BOUND_MS + 500);
    expect(status).to.equal(401);
    expect(elapsedMs).to.be.below(BOUND_MS);
    const inactive = problem(
      409,
      'Conflito',
      'UG_INACTIVE',
      'A unidade gestora está desativada: as suas integrações não obtêm tokens. Peça a um administrador do sistema que a reative antes de criar ou renovar integrações.',
    );
    expect(
      (await call('post', '/v1/admin/integracoes').send({ ugId: people.ug.id, descricao: 'Nova', permissao: 'leitura' }).expect(409)).body,
    ).to.deep.equal(inactive);
    expect((await call('patch', `/v1/admin/integracoes/${key.id}`).send({ renovarSegredo: true }).expect(409)).body).to.deep.equal(
      inactive,
    );

    await call('patch', `${BASE}/${people.ug.id}`).send({ ativa: true }).expect(200);
    const after = await accessToken(t.app, key);
    const accepted = await untilAccepted(() => me(after), BOUND_MS + 500);
    expect(accepted.status, 'new tokens work again within the same bound').to.equal(200);
    expect(accepted.elapsedMs).to.be.below(BOUND_MS);
    expect((await me(before).expect(401)).body.code, 'tokens from before the deactivation stay refused').to.equal('INVALID_TOKEN');
    const actions = await t.database
      .db('audit_events')
      .where({ target_type: 'ug', target_id: String(people.ug.id) })
      .orderBy('id')
      .pluck('action');
    expect(actions).to.deep.equal(['ug.created', 'ug.deactivated', 'ug.reactivated']);
  });

  it('deletes an unused UG (204, then 404); one with members answers 409 UG_IN_USE', async () => {
    const inUse = await call('delete', `${BASE}/${people.ug.id}`).expect(409);
    expect(inUse.body).to.deep.equal(
      problem(
        409,
        'Conflito',
        'UG_IN_USE',
        'A unidade gestora tem membros, integrações, UGs agregadas ou dados e não pode ser excluída. Desative-a: as suas integrações deixam de funcionar.',
      ),
    );
    const unused = await createUg(t.services);
    await call('delete', `${BASE}/${unused.id}`).expect(204);
    expect((await call('delete', `${BASE}/${unused.id}`).expect(404)).body).to.deep.equal(ugNotFoundProblem);
  });

  it('lists members with their role; PUT adds a member or makes them gestor (history kept); DELETE removes; the gestor only after another is set', async () => {
    const members = `${BASE}/${people.ug.id}/usuarios`;
    const listed = await call('get', members).expect(200);
    const roles = Object.fromEntries(listed.body.items.map((m: { nome: string; papel: string }) => [m.nome, m.papel]));
    expect(roles).to.deep.equal({ 'Gestora Ana': 'gestor', 'Membro Bruno': 'membro' });
    const added = await call('put', `${members}/${people.outsider.id}`).send({ papel: 'membro' }).expect(200);
    expect(added.body).to.include({ id: people.outsider.id, papel: 'membro', email: people.outsider.email });
    expect((await call('put', `${members}/${people.outsider.id}`).send({ papel: 'membro' }).expect(200)).body).to.deep.equal(added.body);

    const demote = await call('put', `${members}/${people.gestor.id}`).send({ papel: 'membro' }).expect(409);
    const gestorRequired = problem(
      409,
      'Conflito',
      'UG_GESTOR_REQUIRED',
      'Gestora Ana é o gestor atual desta unidade gestora: defina outro gestor antes.',
    );
    expect(demote.body).to.deep.equal(gestorRequired);
    expect((await call('delete', `${members}/${people.gestor.id}`).expect(409)).body).to.deep.equal(gestorRequired);

    expect((await call('put', `${members}/${people.member.id}`).send({ papel: 'gestor' }).expect(200)).body).to.include({
      papel: 'gestor',
    });
    expect((await call('get', `${BASE}/${people.ug.id}`).expect(200)).body.gestor).to.include({ id: people.member.id });
    const history = await t.services.ugMembers.gestorHistory(cliCaller, people.ug.id);
    expect(history.map((g) => [g.userId, g.fim === null])).to.deep.equal([
      [people.member.id, true],
      [people.gestor.id, false],
    ]);
    await call('delete', `${members}/${people.gestor.id}`).expect(204);
    await call('delete', `${members}/${people.gestor.id}`).expect(204);
    const left = await call('get', `${members}?limit=1`).expect(200);
    expect(left.body.totalCount).to.equal(2);
    const page2 = await call('get', `${members}?limit=1&cursor=${encodeURIComponent(left.body.nextCursor)}`).expect(200);
    expect([...ids(left.body), ...ids(page2.body)]).to.deep.equal([people.member.id, people.outsider.id].sort((a, b) => a - b));

    const badRole = await call('put', `${members}/${people.gestor.id}`).send({ papel: 'dono' }).expect(422);
    expect(badRole.body).to.deep.equal(validationProblem([{ field: 'papel', message: 'Escolha o papel: membro ou gestor.' }]));
    expect((await call('put', `${members}/999999`).send({ papel: 'membro' }).expect(404)).body).to.deep.equal(
      problem(404, 'Não encontrado', 'NOT_FOUND', 'Usuário não encontrado.'),
    );
    expect((await call('get', `${BASE}/999999/usuarios`).expect(404)).body).to.deep.equal(ugNotFoundProblem);
    const actions = await t.database
      .db('audit_events')
      .where({ ug_id: people.ug.id })
      .where('actor_nome', `Integração ${adminKey.clientId}`)
      .orderBy('id')
      .pluck('action');
    expect(actions).to.deep.equal(['ug.member_added', 'ug.gestor_changed', 'ug.member_removed']);
  });

  it("documents every operation in the OpenAPI document, with request examples and each rule's error code", async () => {
    const { paths } = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const examples = (op: { responses: Record<string, { content?: Record<string, { examples?: object }> }> }, status: string) =>
      Object.keys(op.responses[status]?.content?.['application/problem+json']?.examples ?? {});
    const item = paths[`/v1/admin/unidades-gestoras/{id}`];
    const member = paths[`/v1/admin/unidades-gestoras/{id}/usuarios/{userId}`];
    expect(Object.keys(paths['/v1/admin/unidades-gestoras'])).to.deep.equal(['get', 'post']);
    expect(Object.keys(item)).to.deep.equal(['get', 'put', 'patch', 'delete']);
    expect(Object.keys(paths['/v1/admin/unidades-gestoras/{id}/usuarios'])).to.deep.equal(['get']);
    expect(Object.keys(member)).to.deep.equal(['put', 'delete']);
    for (const op of [paths['/v1/admin/unidades-gestoras'].post, item.put, item.patch, member.put]) {
      expect(op.requestBody.content['application/json'].example, op.operationId).to.be.an('object');
    }
    expect(examples(item.put, '409')).to.deep.equal(['CONFLICT', 'UG_CYCLE']);
    expect(examples(item.patch, '409')).to.deep.equal(['CONFLICT', 'UG_CYCLE', 'UG_TRIBUNAL']);
    expect(examples(item.delete, '409')).to.deep.equal(['UG_IN_USE', 'UG_TRIBUNAL']);
    expect(examples(member.delete, '409')).to.deep.equal(['UG_GESTOR_REQUIRED']);
    expect(examples(item.get, '404')).to.deep.equal(['NOT_FOUND']);
    expect(examples(item.get, '403')).to.deep.equal(['INSUFFICIENT_SCOPE']);
    expect(examples(member.put, '422')).to.deep.equal(['VALIDATION_FAILED']);
    expect(paths['/v1/admin/unidades-gestoras'].post.responses['201'].headers).to.have.property('Location');
  });

  it('refuses keys without the admin scope (403 INSUFFICIENT_SCOPE) and requests without a token (401) on every operation', async () => {
    const user = await createUser(t.services);
    const keys = [
      await createKey(t.services, people.ug.id, 'leitura'),
      await createKey(t.services, people.ug.id, 'escrita'),
      await createKey(t.services, tribunal.id, 'escrita'),
    ];
    const operations = [
      ['get', BASE],
      ['get', `${BASE}/${people.ug.id}`],
      ['post', BASE],
      ['put', `${BASE}/${people.ug.id}`],
      ['patch', `${BASE}/${people.ug.id}`],
      ['delete', `${BASE}/${people.ug.id}`],
      ['get', `${BASE}/${people.ug.id}/usuarios`],
      ['put', `${BASE}/${people.ug.id}/usuarios/${user.id}`],
      ['delete', `${BASE}/${people.ug.id}/usuarios/${people.member.id}`],
    ] as const;
    const body = { codigo: 'X', nome: 'X', cnpj: cnpjFrom(12), ativa: false, papel: 'gestor' };
    const send = (app: Express, bearer: string, method: (typeof operations)[number][0], path: string) =>
      apiCall(app, bearer, method, path).send(method === 'get' || method === 'delete' ? undefined : body);
    for (const key of keys) {
      const other = await accessToken(t.app, key);
      for (const [method, path] of operations) {
        const res = await send(t.app, other, method, path).expect(403);
        expect(res.body, `${method} ${path}`).to.deep.equal(
          problem(403, 'Acesso negado', 'INSUFFICIENT_SCOPE', 'Esta operação exige o escopo "admin".'),
        );
      }
    }
    for (const [method, path] of operations) {
      const res = await send(t.app, '', method, path).unset('Authorization').expect(401);
      expect(res.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
      expect(res.body.code).to.equal('INVALID_TOKEN');
    }
    expect((await t.services.ugs.findByCodigo(people.ug.codigo)).ativa).to.equal(true);
    expect(await new UgsRepository(t.database.db).isMember(people.ug.id, people.member.id)).to.equal(true);
  });
});
