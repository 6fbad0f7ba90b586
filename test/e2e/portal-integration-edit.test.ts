import { expect } from 'chai';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { IntegrationsRepository } from '../../app/integrations/integrations.repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUgWithPeople, createUser } from '../support/fixtures.ts';
import { accessToken, createKey, decodeJwt, tokenRequest, type Key } from '../support/oauth.ts';
import { csrfFrom, csrfOf, signIn, visibleText, type Agent } from '../support/portal.ts';

type Role = 'admin' | 'gestor' | 'otherGestor' | 'member' | 'outsider' | 'anonymous';
const roles: Role[] = ['admin', 'gestor', 'otherGestor', 'member', 'outsider', 'anonymous'];

// The UG's gestor and Sys Admins edit; a member is refused (403); the gestor of another UG and an outsider find nothing.
const expected: Record<'get' | 'post', Record<Role, number>> = {
  get: { admin: 200, gestor: 200, otherGestor: 404, member: 403, outsider: 404, anonymous: 303 },
  post: { admin: 303, gestor: 303, otherGestor: 404, member: 403, outsider: 404, anonymous: 303 },
};

/** The hidden values an Editar page showed, with its CSRF token: what a person's browser sends back. */
function formOf(html: string): Record<string, string> {
  const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
  return { _csrf: csrfOf(html), descricaoMostrada: hidden('descricaoMostrada'), permissaoMostrada: hidden('permissaoMostrada') };
}

describe('portal: Integrações → Editar (description and permission of a key)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let gestor: Agent;
  let base: string;
  const repo = () => new IntegrationsRepository(t.database.db);

  before(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    gestor = await signIn(t.app, people.gestor.email);
    base = `/unidades-gestoras/${people.ug.id}/integracoes`;
  });
  after(() => t.close());

  /** Opens a key's Editar page and saves it with `fields`, as a person does. */
  async function edit(agent: Agent, key: Key, fields: Record<string, string>) {
    const page = await agent.get(`${base}/${key.id}/editar`).expect(200);
    return agent
      .post(`${base}/${key.id}/editar`)
      .type('form')
      .send({ ...formOf(page.text), ...fields });
  }

  describe('permission matrix', () => {
    let agents: Record<Role, Agent>;

    before(async () => {
      const other = await createUgWithPeople(t.services);
      const admin = await createUser(t.services, { isAdmin: true });
      agents = {
        admin: await signIn(t.app, admin.email),
        gestor,
        otherGestor: await signIn(t.app, other.gestor.email),
        member: await signIn(t.app, people.member.email),
        outsider: await signIn(t.app, people.outsider.email),
        anonymous: request.agent(t.app),
      };
    });

    for (const role of roles) {
      it(`${role}: GET Editar → ${expected.get[role]}, POST → ${expected.post[role]}`, async () => {
        const key = await createKey(t.services, people.ug.id, 'escrita');
        const path = `${base}/${key.id}/editar`;
        const agent = agents[role];
        const page = await agent.get(path);
        expect(page.status, page.text.slice(0, 300)).to.equal(expected.get[role]);
        const _csrf = await csrfFrom(agent, role === 'anonymous' ? '/login' : '/unidades-gestoras');
        const form = {
          _csrf,
          descricao: `por ${role}`,
          permissao: 'leitura',
          descricaoMostrada: 'chave escrita',
          permissaoMostrada: 'escrita',
        };
        const res = await agent.post(path).type('form').send(form);
        expect(res.status, res.text.slice(0, 300)).to.equal(expected.post[role]);
        if (role === 'anonymous') expect(res.headers.location).to.match(/^\/login/);
        const after = await repo().findById(key.id);
        const changed = role === 'admin' || role === 'gestor';
        expect({ descricao: after?.descricao, permissao: after?.permissao }).to.deep.equal(
          changed ? { descricao: `por ${role}`, permissao: 'leitura' } : { descricao: 'chave escrita', permissao: 'escrita' },
        );
      });
    }
  });

  it('is linked from the list, and saves both fields with a flash and an audit event', async () => {
    const key = await createKey(t.services, people.ug.id, 'leitura');
    const list = await gestor.get(base).expect(200);
    expect(list.text).to.include(`href="${base}/${key.id}/editar"`);
    const keyPage = await gestor.get(`${base}/${key.id}`).expect(200);
    expect(keyPage.text).to.include(`<a href="${base}/${key.id}/editar">Editar descrição e permissão</a>`);
    const page = await gestor.get(`${base}/${key.id}/editar`).expect(200);
    // The radio group of Adicionar, with what choosing escrita would do.
    expect(page.text).to.match(/<fieldset id="permissao" aria-describedby="nota-permissao">\s*<legend>Permissão<\/legend>/);
    expect(page.text).to.include('id="dica-escrita"');
    expect(visibleText(page.text)).to.include('os tokens obtidos depois de salvar poderão enviar dados');
    expect(page.text).to.match(/<label for="descricao">Descrição<\/label>/);
    const res = await edit(gestor, key, { descricao: '  Folha de pagamento  ', permissao: 'escrita' });
    expect(res.status, res.text.slice(0, 300)).to.equal(303);
    expect(res.headers.location).to.equal(base);
    const after = await gestor.get(base).expect(200);
    expect(visibleText(after.text)).to.include(
      'Integração "Folha de pagamento" alterada. Os tokens obtidos a partir de agora podem enviar dados',
    );
    expect(await repo().findById(key.id)).to.include({ descricao: 'Folha de pagamento', permissao: 'escrita' });
    const events = await t.database
      .db('audit_events')
      .where({ action: 'integration.updated', target_id: String(key.id) })
      .select('actor_nome', 'details');
    expect(events).to.have.length(1);
    const details: unknown = typeof events[0].details === 'string' ? JSON.parse(events[0].details) : events[0].details;
    expect(details).to.deep.equal({ clientId: key.clientId, descricao: 'Folha de pagamento', permissao: 'escrita' });
    expect(events[0].actor_nome).to.equal(people.gestor.nome);
  });

  it('sends only what changed, and says so when nothing did', async () => {
    const key = await createKey(t.services, people.ug.id, 'escrita');
    await edit(gestor, key, { descricao: 'chave escrita', permissao: 'escrita' }).then((r) => expect(r.status).to.equal(303));
    expect(visibleText((await gestor.get(base).expect(200)).text)).to.include('Nada foi alterado na integração "chave escrita".');
    await edit(gestor, key, { descricao: 'Só a descrição', permissao: 'escrita' }).then((r) => expect(r.status).to.equal(303));
    const events = await t.database
      .db('audit_events')
      .where({ action: 'integration.updated', target_id: String(key.id) })
      .select('details');
    expect(events.map((e: { details: unknown }) => (typeof e.details === 'string' ? JSON.parse(e.details) : e.details))).to.deep.equal([
      { clientId: key.clientId, descricao: 'Só a descrição' },
    ]);
  });

  it('shows pt-BR errors next to each field, keeps what was typed, and changes nothing', async () => {
    const key = await createKey(t.services, people.ug.id, 'escrita');
    const res = await edit(gestor, key, { descricao: '   ', permissao: 'tudo' });
    expect(res.status).to.equal(422);
    expect(res.text).to.include('<p class="field-error" id="erro-descricao">Informe a descrição da integração.</p>');
    expect(res.text).to.include(
      '<p class="field-error" id="erro-permissao">Escolha a permissão: somente consulta, ou consulta e envio de dados.</p>',
    );
    expect(res.text).to.include('aria-describedby="nota-permissao erro-permissao"');
    expect(res.text).to.match(/<input id="descricao" name="descricao" value="   "[^>]*aria-invalid="true"/);
    // The summary at the top links each error to its field (portal.js moves the focus there).
    expect(res.text).to.include('data-error-summary');
    expect(res.text).to.include('<a href="#descricao">Informe a descrição da integração.</a>');
    const long = await edit(gestor, key, { descricao: 'x'.repeat(201), permissao: 'escrita' });
    expect(long.status).to.equal(422);
    expect(long.text).to.include('A descrição deve ter no máximo 200 caracteres.');
    expect(await repo().findById(key.id)).to.include({ descricao: 'chave escrita', permissao: 'escrita' });
  });

  it('refuses a form without its CSRF token', async () => {
    const key = await createKey(t.services, people.ug.id, 'escrita');
    const page = await gestor.get(`${base}/${key.id}/editar`).expect(200);
    const { _csrf: _, ...rest } = formOf(page.text);
    await gestor
      .post(`${base}/${key.id}/editar`)
      .type('form')
      .send({ ...rest, descricao: 'Sem CSRF', permissao: 'leitura' })
      .expect(403);
    expect(await repo().findById(key.id)).to.include({ descricao: 'chave escrita', permissao: 'escrita' });
  });

  it("does not undo someone else's change made while the form was open: explains it, and saves once sent again", async () => {
    const key = await createKey(t.services, people.ug.id, 'escrita');
    const page = await gestor.get(`${base}/${key.id}/editar`).expect(200);
    await t.services.integrations.edit(cliCaller, people.ug.id, key.id, { permissao: 'leitura' });
    const stale = await gestor
      .post(`${base}/${key.id}/editar`)
      .type('form')
      .send({ ...formOf(page.text), descricao: 'Minha descrição', permissao: 'escrita' });
    expect(stale.status).to.equal(409);
    const text = visibleText(stale.text);
    expect(text).to.include('Outra pessoa alterou esta integração enquanto você a editava, e nada foi salvo.');
    expect(text).to.include('Agora esta integração tem Descrição chave escrita Permissão Somente consulta');
    expect(stale.text).to.include('value="Minha descrição"');
    expect(await repo().findById(key.id)).to.include({ descricao: 'chave escrita', permissao: 'leitura' });
    // Sent again, the form carries the values it now shows.
    const again = await gestor
      .post(`${base}/${key.id}/editar`)
      .type('form')
      .send({ ...formOf(stale.text), descricao: 'Minha descrição', permissao: 'escrita' });
    expect(again.status).to.equal(303);
    expect(await repo().findById(key.id)).to.include({ descricao: 'Minha descrição', permissao: 'escrita' });
  });

  it("lowered to leitura: the key's tokens already issued keep reading and are refused writes (403); new ones only read", async () => {
    const key = await createKey(t.services, people.ug.id, 'escrita');
    const before = await accessToken(t.app, key);
    const write = (bearer: string) => request(t.app).post('/api/v1/contratacoes').set('Authorization', `Bearer ${bearer}`).send({});
    expect((await write(before)).status, 'escrita before the change').to.equal(422);
    const page = await gestor.get(`${base}/${key.id}/editar`).expect(200);
    expect(visibleText(page.text)).to.include('os tokens já emitidos para esta chave perdem o envio de dados em cerca de um segundo');
    await edit(gestor, key, { descricao: 'chave escrita', permissao: 'leitura' }).then((r) => expect(r.status).to.equal(303));
    expect(visibleText((await gestor.get(base).expect(200)).text)).to.include('Os tokens já emitidos perdem o envio de dados');
    const refused = await write(before);
    expect(refused.status).to.equal(403);
    expect(refused.body).to.include({ code: 'INSUFFICIENT_SCOPE' });
    await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${before}`).expect(200);
    const token = await tokenRequest(t.app, key).expect(200);
    expect(decodeJwt((token.body as { access_token: string }).access_token).payload.scope).to.equal('leitura');
  });

  it('edits a blocked key too, and says the new values hold once it is unblocked', async () => {
    const key = await createKey(t.services, people.ug.id, 'escrita');
    await t.services.integrationsAdmin.block(cliCaller, key.id, 'Segredo vazado');
    const page = await gestor.get(`${base}/${key.id}/editar`).expect(200);
    expect(visibleText(page.text)).to.include('Esta integração está bloqueada');
    await edit(gestor, key, { descricao: 'Bloqueada', permissao: 'leitura' }).then((r) => expect(r.status).to.equal(303));
    expect(await repo().findById(key.id)).to.include({ descricao: 'Bloqueada', permissao: 'leitura', bloqueada: true });
    await tokenRequest(t.app, key).expect(401);
  });

  it('answers 404 for a key of another UG or none, under this UG', async () => {
    const other = await createUgWithPeople(t.services);
    const foreign = await createKey(t.services, other.ug.id);
    await gestor.get(`${base}/${foreign.id}/editar`).expect(404);
    await gestor.get(`${base}/999999/editar`).expect(404);
    await gestor.get(`${base}/abc/editar`).expect(404);
  });
});
