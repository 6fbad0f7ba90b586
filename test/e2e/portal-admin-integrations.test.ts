import { expect } from 'chai';
import { createTribunal } from '../support/admin.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, tokenRequest, type Key } from '../support/oauth.ts';
import { csrfFrom, csrfOf, dataIds, expectWalked, signIn, visibleText, walkPages, type Agent } from '../support/portal.ts';

const BASE = '/admin/integracoes';

describe('portal: Administração → Integrações (Sys Admin)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Agent;
  let key: Key;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    admin = await signIn(t.app, people.admin.email);
    key = await createKey(t.services, people.ug.id, 'escrita');
  });
  afterEach(() => t.close());

  /** Opens an action's confirmation page and submits its form, as a person clicking through would. */
  /** The hidden fields of a confirmation form, as a browser sends them. */
  const hiddenFields = (html: string) => {
    const segredoDe = /name="segredoDe" value="(\d+)"/.exec(html)?.[1];
    return { _csrf: csrfOf(html), ...(segredoDe ? { segredoDe } : {}) };
  };

  async function confirm(path: string, fields: Record<string, string> = {}) {
    const page = await admin.get(path).expect(200);
    return admin
      .post(path)
      .type('form')
      .send({ ...hiddenFields(page.text), ...fields });
  }

  it("lists every UG's keys, linked from the menu, with filters by UG, situação, permissão and text", async () => {
    const other = await createUg(t.services, { nome: 'Câmara Beta' });
    const otherKey = await createKey(t.services, other.id, 'leitura');
    const home = await admin.get('/unidades-gestoras').expect(200);
    expect(home.text).to.include(`href="${BASE}"`);
    const all = visibleText((await admin.get(BASE).expect(200)).text);
    expect(all)
      .to.include(key.clientId)
      .and.include(otherKey.clientId)
      .and.include(people.ug.codigo)
      .and.include('Câmara Beta')
      .and.include('2 integrações');
    const byUg = visibleText((await admin.get(`${BASE}?ug=${other.codigo}&situacao=&permissao=&q=`).expect(200)).text);
    expect(byUg).to.include(otherKey.clientId).and.not.include(key.clientId);
    const byPermissao = visibleText((await admin.get(`${BASE}?permissao=escrita`).expect(200)).text);
    expect(byPermissao).to.include(key.clientId).and.not.include(otherKey.clientId);
    const byText = visibleText((await admin.get(`${BASE}?q=${otherKey.clientId.slice(0, 12)}`).expect(200)).text);
    expect(byText).to.include(otherKey.clientId).and.not.include(key.clientId);
    expect(visibleText((await admin.get(`${BASE}?situacao=bloqueada`).expect(200)).text)).to.include('Nenhuma integração encontrada.');
    const badSituacao = await admin.get(`${BASE}?situacao=talvez&ug=${other.codigo}`).expect(422);
    expect(badSituacao.text).to.include('id="erro-situacao">Situação inválida.').and.include(`value="${other.codigo}"`);
    expect(visibleText(badSituacao.text)).to.include('Verifique os filtros destacados.').and.not.include(otherKey.clientId);
    expect((await admin.get(`${BASE}?q=x&q=y`).expect(422)).text).to.include('id="erro-q">Busca inválida.');
    expect((await admin.get(`${BASE}?ug=a%20b`).expect(422)).text).to.include('id="erro-ug">Use apenas letras');
    expect(visibleText((await admin.get(`${BASE}?apos=x`).expect(422)).text)).to.include('Página inválida.');
  });

  it('pages 25 at a time in id order to the last page with Próxima and back with Anterior, numbered, keeping the filters', async () => {
    const other = await createUg(t.services);
    for (let i = 0; i < 60; i += 1) await createKey(t.services, i % 2 === 0 ? people.ug.id : other.id);
    const ids = (await t.database.db('integracoes').orderBy('id').select('client_id')).map((r: { client_id: string }) => r.client_id);
    expect(ids).to.have.length(61);
    const walk = await walkPages(admin, `${BASE}?situacao=ativa`, dataIds('client'));
    expectWalked(walk, 3, ids);
    expect(walk.forward[1]?.url).to.match(/^\/admin\/integracoes\?ug=&situacao=ativa&permissao=&q=&apos=\d+$/);
    expect(walk.backward[1]?.url).to.match(/^\/admin\/integracoes\?ug=&situacao=ativa&permissao=&q=&antes=\d+$/);
  });

  it('blocks with a required motivo shown next to the field; the gestor sees the reason; the key stops at once', async () => {
    const path = `${BASE}/${key.id}/bloquear`;
    const empty = await confirm(path, { motivo: '  ' });
    expect(empty.status).to.equal(422);
    expect(visibleText(empty.text)).to.include('Informe o motivo do bloqueio');
    expect(empty.text).to.include('aria-describedby="erro-motivo"');
    const done = await confirm(path, { motivo: 'Segredo publicado por engano' });
    expect(done.status).to.equal(303);
    expect(done.headers.location).to.equal(BASE);
    const list = visibleText((await admin.get(BASE).expect(200)).text);
    expect(list).to.include('bloqueada').and.include('Bloqueada').and.include('Segredo publicado por engano');
    await tokenRequest(t.app, key).expect(401);
    const gestor = await signIn(t.app, people.gestor.email);
    const keys = `/unidades-gestoras/${people.ug.id}/integracoes`;
    const ugPage = (await gestor.get(keys).expect(200)).text;
    expect(visibleText(ugPage)).to.include('Bloqueada').and.include('Segredo publicado por engano');
    // The gestor cannot renew it either: unblocking must restore the very secret it was blocked with.
    expect(ugPage).not.to.include(`href="${keys}/${key.id}/renovar"`);
    const renewal = await gestor.get(`${keys}/${key.id}/renovar`).expect(200);
    const refused = await gestor
      .post(`${keys}/${key.id}/renovar`)
      .type('form')
      .send({ _csrf: csrfOf(renewal.text) });
    expect(refused.status).to.equal(409);
    expect(visibleText(refused.text)).to.include('A integração está bloqueada');
  });

  it('unblocks (same secret works again), renews (new secret shown once, no-store) and deletes, each confirmed', async () => {
    await t.services.integrationsAdmin.block(
      { userId: people.admin.id, clientId: null, nome: people.admin.nome, isAdmin: true, ip: null, scope: null },
      key.id,
      'teste',
    );
    expect((await confirm(`${BASE}/${key.id}/desbloquear`)).status).to.equal(303);
    await tokenRequest(t.app, key).expect(200);

    const confirmation = await admin.get(`${BASE}/${key.id}/renovar`).expect(200);
    expect(confirmation.text).to.include('name="segredoDe"');
    const posted = await confirm(`${BASE}/${key.id}/renovar`);
    expect(posted.status).to.equal(303);
    expect(posted.headers.location).to.equal(`${BASE}/${key.id}/segredo`);
    const renewed = await admin.get(`${BASE}/${key.id}/segredo`).expect(200);
    expect(renewed.headers['cache-control']).to.equal('no-store');
    const secret = /id="client-secret"[^>]*value="(cds_[^"]+)"/.exec(renewed.text)?.[1];
    expect(secret).to.be.a('string');
    await tokenRequest(t.app, key).expect(401);
    await tokenRequest(t.app, { ...key, clientSecret: String(secret) }).expect(200);
    const reload = await admin.get(`${BASE}/${key.id}/segredo`).expect(200);
    expect(reload.headers['cache-control']).to.equal('no-store');
    expect(visibleText(reload.text)).to.include('Segredo já exibido');
    expect(reload.text).not.to.include(String(secret));
    await tokenRequest(t.app, { ...key, clientSecret: String(secret) }).expect(200);
    // That confirmation sent again (a resubmission, a double click) renews nothing.
    await admin.post(`${BASE}/${key.id}/renovar`).type('form').send(hiddenFields(confirmation.text)).expect(303);
    await tokenRequest(t.app, { ...key, clientSecret: String(secret) }).expect(200);

    const page = await admin.get(`${BASE}/${key.id}/excluir`).expect(200);
    expect(visibleText(page.text)).to.include('excluída definitivamente');
    expect((await confirm(`${BASE}/${key.id}/excluir`)).status).to.equal(303);
    await admin.get(`${BASE}/${key.id}/excluir`).expect(404);
    await admin.get(`${BASE}/${key.id}/apagar`).expect(404);
  });

  it("offers the admin scope only to a Sys Admin adding a key to the Tribunal's UG; a gestor posting it is refused", async () => {
    const tribunal = await createTribunal(t.services);
    const add = async (agent: Agent, ugId: number, admin: string) => {
      const page = await agent.get(`/unidades-gestoras/${ugId}/integracoes/adicionar`).expect(200);
      const clientId = /name="clientId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const clientSecret = /name="clientSecret" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
      const res = await agent
        .post(`/unidades-gestoras/${ugId}/integracoes`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), clientId, clientSecret, descricao: 'Automação', permissao: 'leitura', admin });
      return { page, res, clientId, clientSecret };
    };
    const own = await add(admin, tribunal.id, 'sim');
    expect(own.page.text).to.include('name="admin"');
    expect(own.res.status).to.equal(303);
    const granted = await tokenRequest(t.app, own).expect(200);
    expect(granted.body.scope.split(' ')).to.include('admin');
    expect((await admin.get(`/unidades-gestoras/${people.ug.id}/integracoes/adicionar`).expect(200)).text).not.to.include('name="admin"');
    const gestor = await signIn(t.app, people.gestor.email);
    const refused = await add(gestor, people.ug.id, 'sim');
    expect(refused.page.text).not.to.include('name="admin"');
    expect(refused.res.status).to.equal(403);
    await tokenRequest(t.app, refused).expect(401);
  });

  it('refuses a form without its CSRF token', async () => {
    await admin.post(`${BASE}/${key.id}/excluir`).type('form').send({}).expect(403);
    await tokenRequest(t.app, key).expect(200);
  });

  for (const role of ['gestor', 'member', 'outsider'] as const) {
    it(`refuses a ${role} every page and action (403)`, async () => {
      const agent = await signIn(t.app, people[role].email);
      const _csrf = await csrfFrom(agent, '/unidades-gestoras');
      await agent.get(BASE).expect(403);
      for (const acao of ['bloquear', 'desbloquear', 'renovar', 'excluir']) {
        await agent.get(`${BASE}/${key.id}/${acao}`).expect(403);
        await agent.post(`${BASE}/${key.id}/${acao}`).type('form').send({ _csrf, motivo: 'x' }).expect(403);
      }
      const home = await agent.get('/unidades-gestoras').expect(200);
      expect(home.text).not.to.include(`href="${BASE}"`);
      await tokenRequest(t.app, key).expect(200);
    });
  }
});
