import { expect } from 'chai';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiCall } from '../support/api.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { createUg } from '../support/fixtures.ts';
import { accessToken, createKey, tokenRequest, type Key } from '../support/oauth.ts';
import { problem, validationProblem } from '../support/problems.ts';

const BASE = '/v1/admin/integracoes';

describe('/api/v1/admin/integracoes (scope admin)', () => {
  let t: TestApp;
  let tribunal: Ug;
  let ug: Ug;
  let token: string;
  let adminKey: Key;
  let leitura: Key;
  let escrita: Key;

  before(async () => {
    t = await createTestApp();
    tribunal = await createTribunal(t.services);
    ug = await createUg(t.services, { nome: 'Prefeitura Alfa' });
    ({ key: adminKey, token } = await adminToken(t.app, t.services, tribunal));
    leitura = await createKey(t.services, ug.id, 'leitura');
    escrita = await createKey(t.services, ug.id, 'escrita');
  });
  after(() => t.close());

  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string) => apiCall(t.app, token, method, path);

  it("lists every UG's keys with their UG, situação and dates, never a secret", async () => {
    const res = await call('get', BASE).expect(200);
    expect(res.body.totalCount).to.equal(3);
    expect(res.body.items.map((i: { id: number }) => i.id)).to.deep.equal([adminKey.id, leitura.id, escrita.id]);
    const item = res.body.items[1];
    expect(item).to.include({
      id: leitura.id,
      clientId: leitura.clientId,
      permissao: 'leitura',
      admin: false,
      situacao: 'ativa',
      bloqueada: false,
      bloqueioMotivo: null,
    });
    expect(item.ug).to.deep.equal({ id: ug.id, codigo: ug.codigo, nome: ug.nome });
    expect(res.body.items[0].admin).to.equal(true);
    expect(JSON.stringify(res.body)).not.to.include(leitura.clientSecret).and.not.to.include('clientSecret');
  });

  it('filters by ug, permissao, bloqueada and q, and pages with a cursor', async () => {
    const ids = async (query: string) =>
      ((await call('get', `${BASE}?${query}`).expect(200)).body.items as Array<{ id: number }>).map((i) => i.id);
    expect(await ids(`ug=${ug.id}`)).to.deep.equal([leitura.id, escrita.id]);
    expect(await ids(`ug=${ug.id}&permissao=escrita`)).to.deep.equal([escrita.id]);
    expect(await ids('bloqueada=true')).to.deep.equal([]);
    expect(await ids(`q=${escrita.clientId}`)).to.deep.equal([escrita.id]);
    expect(await ids('q=AUTOMA')).to.deep.equal([adminKey.id]);
    const first = await call('get', `${BASE}?limit=2`).expect(200);
    const second = await call('get', `${BASE}?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(second.body).to.deep.include({ totalCount: 3, totalCountExact: true, nextCursor: null });
    expect(second.body.items.map((i: { id: number }) => i.id)).to.deep.equal([escrita.id]);
    const bad = await call('get', `${BASE}?bloqueada=sim&permissao=tudo`).expect(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['bloqueada', 'permissao']);
  });

  it('shows one key, and answers 404 NOT_FOUND for a missing one', async () => {
    const res = await call('get', `${BASE}/${escrita.id}`).expect(200);
    expect(res.body).to.include({ id: escrita.id, permissao: 'escrita' });
    for (const id of ['999999', 'abc']) {
      const missing = await call('get', `${BASE}/${id}`)
        .expect(404)
        .expect('Content-Type', /problem\+json/);
      expect(missing.body.code).to.equal('NOT_FOUND');
    }
  });

  it('creates a key for a UG (201, secret once, Location); refuses the admin scope outside the Tribunal (403)', async () => {
    const res = await call('post', BASE).send({ ugId: ug.id, descricao: 'ERP', permissao: 'leitura' }).expect(201);
    expect(res.body).to.include({ descricao: 'ERP', permissao: 'leitura', admin: false, situacao: 'ativa' });
    expect(res.headers.location).to.equal(`/api/v1/admin/integracoes/${res.body.id}`);
    await tokenRequest(t.app, { clientId: res.body.clientId, clientSecret: res.body.clientSecret }).expect(200);
    const again = await call('get', `${BASE}/${res.body.id}`).expect(200);
    expect(again.body).not.to.have.property('clientSecret');

    const forbidden = await call('post', BASE).send({ ugId: ug.id, descricao: 'x', permissao: 'leitura', admin: true }).expect(403);
    expect(forbidden.body).to.deep.equal(
      problem(
        403,
        'Acesso negado',
        'FORBIDDEN',
        'Somente administradores do sistema podem criar integrações com o escopo admin, e somente na unidade gestora do Tribunal.',
      ),
    );
    const admin = await call('post', BASE)
      .send({ ugId: tribunal.id, descricao: 'Outra automação', permissao: 'leitura', admin: true })
      .expect(201);
    const granted = await tokenRequest(t.app, { clientId: admin.body.clientId, clientSecret: admin.body.clientSecret }).expect(200);
    expect(granted.body.scope.split(' ').sort()).to.deep.equal(['admin', 'leitura']);
    const missingUg = await call('post', BASE).send({ ugId: 999999, descricao: 'x', permissao: 'leitura' }).expect(404);
    expect(missingUg.body).to.deep.equal(problem(404, 'Não encontrado', 'NOT_FOUND', 'Unidade gestora não encontrada.'));
    const invalid = await call('post', BASE).send({ descricao: '', permissao: 'tudo' }).expect(422);
    expect(invalid.body.errors.map((e: { field: string }) => e.field).sort()).to.deep.equal(['descricao', 'permissao', 'ugId']);
  });

  it('edits, blocks (motivo required; idempotent), refuses renewing a blocked key (409), unblocks, renews', async () => {
    const key = await createKey(t.services, ug.id);
    const path = `${BASE}/${key.id}`;
    const noReason = await call('patch', path).send({ bloqueada: true }).expect(422);
    expect(noReason.body).to.deep.equal(
      validationProblem([
        { field: 'motivo', message: 'Informe o motivo do bloqueio (até 500 caracteres); ele é mostrado ao gestor da unidade gestora.' },
      ]),
    );
    const edited = await call('patch', path).send({ descricao: 'Renomeada', permissao: 'escrita' }).expect(200);
    expect(edited.body).to.include({ descricao: 'Renomeada', permissao: 'escrita' });
    const blocked = await call('patch', path).send({ bloqueada: true, motivo: 'Segredo exposto' }).expect(200);
    expect(blocked.body).to.include({ situacao: 'bloqueada', bloqueada: true, bloqueioMotivo: 'Segredo exposto' });
    const twice = await call('patch', path).send({ bloqueada: true, motivo: 'Outro' }).expect(200);
    expect(twice.body).to.deep.equal(blocked.body);
    const renew = await call('patch', path).send({ renovarSegredo: true }).expect(409);
    expect(renew.body).to.deep.equal(
      problem(409, 'Conflito', 'INTEGRATION_BLOCKED', 'A integração está bloqueada: desbloqueie-a antes de renovar o segredo.'),
    );

    const halfway = await call('patch', `${BASE}/${leitura.id}`).send({ bloqueada: true, motivo: 'x', renovarSegredo: true }).expect(409);
    expect(halfway.body.code).to.equal('INTEGRATION_BLOCKED');
    expect((await call('get', `${BASE}/${leitura.id}`).expect(200)).body.bloqueada, 'nothing was applied').to.equal(false);
    const unblocked = await call('patch', path).send({ bloqueada: false }).expect(200);
    expect(unblocked.body).to.include({ situacao: 'ativa', bloqueioMotivo: null });
    expect(
      await call('patch', path)
        .send({ bloqueada: false })
        .expect(200)
        .then((r) => r.body),
    ).to.deep.equal(unblocked.body);
    await tokenRequest(t.app, key).expect(200);
    const renewed = await call('patch', path).send({ renovarSegredo: true }).expect(200);
    expect(renewed.body.clientSecret).to.match(/^cds_/);
    await tokenRequest(t.app, key).expect(401);
    await tokenRequest(t.app, { ...key, clientSecret: renewed.body.clientSecret }).expect(200);

    const events = await t.database
      .db('audit_events')
      .where({ target_id: String(key.id) })
      .orderBy('id')
      .select('action', 'actor_nome');
    expect(events.map((e) => e.action)).to.deep.equal([
      'integration.created',
      'integration.updated',
      'integration.blocked',
      'integration.unblocked',
      'integration.secret_renewed',
    ]);
    expect(events.slice(1).every((e) => e.actor_nome === `Integração ${adminKey.clientId}`)).to.equal(true);
  });

  it('deletes a key (204, then 404), its credentials refused', async () => {
    const key = await createKey(t.services, ug.id);
    await call('delete', `${BASE}/${key.id}`).expect(204);
    await call('delete', `${BASE}/${key.id}`).expect(404);
    await tokenRequest(t.app, key).expect(401);
  });

  it('refuses keys without the admin scope (403 INSUFFICIENT_SCOPE) and requests without a token (401)', async () => {
    const plainTribunal = await createKey(t.services, tribunal.id, 'escrita');
    for (const key of [leitura, escrita, plainTribunal]) {
      const other = await accessToken(t.app, key);
      for (const [method, path] of [
        ['get', BASE],
        ['get', `${BASE}/${leitura.id}`],
        ['post', BASE],
        ['patch', `${BASE}/${leitura.id}`],
        ['delete', `${BASE}/${leitura.id}`],
      ] as const) {
        const res = await apiCall(t.app, other, method, path)
          .send(method === 'get' || method === 'delete' ? undefined : { bloqueada: true, motivo: 'x' })
          .expect(403);
        expect(res.body.code, `${method} ${path}`).to.equal('INSUFFICIENT_SCOPE');
      }
    }
    const anonymous = await apiCall(t.app, '', 'get', BASE).unset('Authorization').expect(401);
    expect(anonymous.body.code).to.equal('INVALID_TOKEN');
    expect((await t.services.tokenClients.find(leitura.clientId))?.bloqueada).to.equal(false);
  });
});
