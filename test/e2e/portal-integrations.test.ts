import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, tokenRequest } from '../support/oauth.ts';
import { csrfOf, expectWalked, signIn, visibleText, walkPages, type Agent } from '../support/portal.ts';

/** The credentials the "Adicionar" page shows. */
function credentialsOf(html: string): { clientId: string; clientSecret: string; _csrf: string } {
  const clientId = /name="clientId" value="(cid_[^"]+)"/.exec(html)?.[1];
  const clientSecret = /name="clientSecret" value="(cds_[^"]+)"/.exec(html)?.[1];
  if (!clientId || !clientSecret) throw new Error('credentials not on the page');
  return { clientId, clientSecret, _csrf: csrfOf(html) };
}

/** The client ids of the keys a page lists, in its order. */
function clientIds(html: string): string[] {
  return [...html.matchAll(/<tr data-client-id="([^"]+)">/g)].map((m) => m[1] ?? '');
}

/** The new gestor's notice on a page (empty without one). */
function noticeOf(html: string): string {
  return /<section class="notice" aria-labelledby="aviso-renovacao">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
}

/** The códigos of the UGs a page lists, in its order. */
function ugCodes(html: string): string[] {
  return [...html.matchAll(/<tr data-ug-id="\d+">\s*<td class="mono" data-label="Código">([^<]+)<\/td>/g)].map((m) => m[1] ?? '');
}

describe('portal: Unidade Gestora → Ações → Integrações', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let gestor: Agent;
  let base: string;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    gestor = await signIn(t.app, people.gestor.email);
    base = `/unidades-gestoras/${people.ug.id}/integracoes`;
  });
  afterEach(() => t.close());

  async function add(descricao: string, permissao = 'leitura') {
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const creds = credentialsOf(page.text);
    await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao, permissao })
      .expect(303)
      .expect('Location', base);
    return creds;
  }

  /** Opens a confirmation page (renovar, excluir) and submits it, as a person clicking through would. */
  async function confirmAndSubmit(agent: Agent, path: string, status: number) {
    const page = await agent.get(path).expect(200);
    return agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(status);
  }

  it('lists the UGs with an Ações menu leading to Integrações', async () => {
    const page = await gestor.get('/unidades-gestoras').expect(200);
    const text = visibleText(page.text);
    expect(text).to.include(people.ug.nome).and.include('Ações').and.include('Integrações');
    expect(page.text).to.include(`href="${base}"`);
  });

  it('shows the client id and secret on Adicionar, saves, and lists the key without its secret', async () => {
    const page = await gestor.get(`${base}/adicionar`).expect(200).expect('Cache-Control', 'no-store');
    const text = visibleText(page.text);
    expect(text).to.include('Client id').and.include('Client secret').and.include('não poderá ser exibido novamente');
    // A draft, and said so: what the key is, what each Permissão allows, nothing exists before Salvar.
    expect(text)
      .to.include('Rascunho: esta chave só passa a existir quando você clicar em Salvar.')
      .and.include('O sistema só consulta os dados')
      .and.include('O sistema consulta e também envia')
      .and.include('a “senha” da chave');
    const creds = credentialsOf(page.text);
    expect(page.text).to.include(`-u '${creds.clientId}:${creds.clientSecret}'`).and.include("'http://127.0.0.1:3000/oauth/token'");
    const stored = await t.database.db('integracoes').count({ n: '*' });
    expect(Number(stored[0]?.n), 'nothing is stored before Salvar').to.equal(0);

    await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: 'ERP Contábil', permissao: 'escrita' })
      .expect(303);
    const list = await gestor.get(base).expect(200);
    const listText = visibleText(list.text);
    expect(listText)
      .to.include('ERP Contábil')
      .and.include(creds.clientId)
      .and.include('Consulta e envio de dados')
      .and.include('Gestora Ana')
      .and.include('Nunca usada')
      .and.include('Ativa');
    expect(list.text).not.to.include(creds.clientSecret);
    expect(listText).to.include(`segredo ${creds.clientSecret.slice(0, 8)}…`);

    await tokenRequest(t.app, creds).expect(200);
    const saved = await t.database.db('integracoes').where({ client_id: creds.clientId }).first('descricao');
    expect(saved?.descricao).to.equal('ERP Contábil');
  });

  it('keeps the typed values and the same credentials when the form is invalid', async () => {
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const creds = credentialsOf(page.text);
    const res = await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: '   ', permissao: 'tudo' })
      .expect(422);
    const text = visibleText(res.text);
    expect(text).to.include('Informe a descrição da integração.').and.include('Escolha a permissão');
    expect(res.text).to.include(creds.clientSecret);
    const long = await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: 'x'.repeat(201), permissao: 'leitura' })
      .expect(422);
    expect(visibleText(long.text)).to.include('A descrição deve ter no máximo 200 caracteres.');
    expect(long.text).to.include('x'.repeat(201));
    await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: 'Depois de corrigir', permissao: 'leitura' })
      .expect(303);
    await tokenRequest(t.app, creds).expect(200);
  });

  it('Cancelar on Adicionar discards the draft and says nothing was created', async () => {
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const creds = credentialsOf(page.text);
    expect(page.text).to.include(`formaction="${base}/cancelar">Cancelar`);
    await gestor
      .post(`${base}/cancelar`)
      .type('form')
      .send({ ...creds, descricao: '', permissao: 'leitura' })
      .expect(303)
      .expect('Location', base);
    const list = await gestor.get(base).expect(200);
    expect(visibleText(list.text)).to.include('Nenhuma integração foi criada').and.include('Nenhuma integração cadastrada.');
    // The discarded pair can no longer be saved.
    await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: 'Depois de cancelar', permissao: 'leitura' })
      .expect(303);
    expect(Number((await t.database.db('integracoes').count({ n: '*' }))[0]?.n)).to.equal(0);
  });

  it('shows every error of Adicionar at once in a summary at the top, tied to the fields', async () => {
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const res = await gestor
      .post(base)
      .type('form')
      .send({ ...credentialsOf(page.text), descricao: ' ', permissao: 'tudo' })
      .expect(422);
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? '';
    expect(summary).to.include('tabindex="-1"').and.include('href="#descricao"').and.include('href="#permissao"');
    expect(res.text).to.include('aria-invalid="true" aria-describedby="erro-descricao dica-descricao"');
    expect(res.text).to.include('<fieldset id="permissao" aria-describedby="erro-permissao">');
  });

  it('refuses credentials that were not generated by the server, and a draft saved twice', async () => {
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const creds = credentialsOf(page.text);
    const other = credentialsOf((await gestor.get(`${base}/adicionar`).expect(200)).text);
    const forged = await gestor
      .post(base)
      .type('form')
      .send({ ...creds, clientSecret: other.clientSecret, descricao: 'X', permissao: 'leitura' })
      .expect(422);
    expect(visibleText(forged.text)).to.include('As credenciais desta integração expiraram');
    await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: 'Uma vez', permissao: 'leitura' })
      .expect(303);
    await gestor
      .post(base)
      .type('form')
      .send({ ...creds, descricao: 'Duas vezes', permissao: 'leitura' })
      .expect(303);
    const list = await gestor.get(base).expect(200);
    expect(visibleText(list.text)).to.include('As credenciais mostradas expiraram ou já foram salvas').and.not.include('Duas vezes');
  });

  it('renews a secret after confirmation: redirected to a page showing the new one once; a reload renews nothing', async () => {
    const creds = await add('Folha');
    const [row] = await t.database.db('integracoes').select('id');
    const confirm = await gestor.get(`${base}/${row.id}/renovar`).expect(200);
    expect(visibleText(confirm.text)).to.include(`O segredo atual ( ${creds.clientSecret.slice(0, 8)}… ) deixa de funcionar:`);
    expect(confirm.text).to.match(/<input type="radio" name="carencia" value="0" checked> imediatamente/);
    const secretPage = `${base}/${row.id}/segredo`;
    const posted = await gestor
      .post(`${base}/${row.id}/renovar`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) })
      .expect(303)
      .expect('Location', secretPage);
    // The secret never travels in the address, nor in the session row in plain text.
    expect(posted.headers.location).not.to.match(/cds_/);
    const sessions = await t.database.db('sessions').select('*');
    expect(JSON.stringify(sessions)).to.include('oneTime').and.not.match(/cds_/);

    const res = await gestor.get(secretPage).expect(200).expect('Cache-Control', 'no-store');
    expect(visibleText(res.text)).to.include('Segredo renovado');
    const newSecret = /id="client-secret"[^>]*value="(cds_[^"]+)"/.exec(res.text)?.[1];
    expect(newSecret).to.be.a('string').and.not.equal(creds.clientSecret);
    await tokenRequest(t.app, creds).expect(401);
    await tokenRequest(t.app, { clientId: creds.clientId, clientSecret: newSecret as string }).expect(200);

    // A reload (or Back) shows that it was shown, how to renew, and changes nothing.
    const reload = await gestor.get(secretPage).expect(200).expect('Cache-Control', 'no-store');
    expect(reload.text)
      .not.to.include(newSecret as string)
      .and.not.match(/value="cds_/);
    expect(visibleText(reload.text)).to.include('Segredo já exibido').and.include('já foi exibido, uma única vez');
    expect(reload.text).to.include(`href="${base}/${row.id}/renovar">renove o segredo`);
    await tokenRequest(t.app, { clientId: creds.clientId, clientSecret: newSecret as string }).expect(200);

    // The confirmation sent again (same form, same CSRF token: a resubmission, a double click) renews nothing.
    const form = { _csrf: csrfOf(confirm.text), segredoDe: /name="segredoDe" value="(\d+)"/.exec(confirm.text)?.[1] ?? '' };
    expect(form.segredoDe).to.match(/^\d+$/);
    const again = `${secretPage}?de=${form.segredoDe}`;
    await gestor.post(`${base}/${row.id}/renovar`).type('form').send(form).expect(303).expect('Location', again);
    await tokenRequest(t.app, { clientId: creds.clientId, clientSecret: newSecret as string }).expect(200);
    expect(visibleText((await gestor.get(again).expect(200)).text)).to.include('Segredo já exibido');
    expect(visibleText((await gestor.get(secretPage).expect(200)).text)).to.include('Segredo já exibido');
    const renewals = await t.database.db('audit_events').where({ action: 'integration.secret_renewed' }).count({ n: '*' });
    expect(Number(renewals[0]?.n)).to.equal(1);
    const list = await gestor.get(base).expect(200);
    expect(list.text).not.to.include(newSecret as string);
  });

  it('shows a double-clicked renewal the secret its first sending made: the second renews nothing, once more, in that browser only', async () => {
    const creds = await add('Folha');
    const [row] = await t.database.db('integracoes').select('id');
    const confirm = await gestor.get(`${base}/${row.id}/renovar`).expect(200);
    const form = { _csrf: csrfOf(confirm.text), segredoDe: /name="segredoDe" value="(\d+)"/.exec(confirm.text)?.[1] ?? '' };
    const secretPage = `${base}/${row.id}/segredo`;
    const secretOf = (html: string) => /id="client-secret"[^>]*value="(cds_[^"]+)"/.exec(html)?.[1];
    // The first sending renews and redirects; its page is served, but the browser has dropped it for the second sending.
    await gestor.post(`${base}/${row.id}/renovar`).type('form').send(form).expect(303).expect('Location', secretPage);
    const dropped = secretOf((await gestor.get(secretPage).expect(200)).text);
    expect(dropped).to.be.a('string');
    const second = `${secretPage}?de=${form.segredoDe}`;
    await gestor.post(`${base}/${row.id}/renovar`).type('form').send(form).expect(303).expect('Location', second);
    // Another session of the same gestor, at the same address, gets nothing.
    const other = await signIn(t.app, people.gestor.email);
    expect(visibleText((await other.get(second).expect(200)).text)).to.include('Segredo já exibido');
    const shown = await gestor.get(second).expect(200).expect('Cache-Control', 'no-store');
    expect(visibleText(shown.text)).to.include('Segredo renovado');
    expect(secretOf(shown.text), 'the same secret, not another').to.equal(dropped);
    await tokenRequest(t.app, creds).expect(401);
    await tokenRequest(t.app, { clientId: creds.clientId, clientSecret: dropped as string }).expect(200);
    // Once more only: a reload of either page, or a third sending, finds it shown.
    expect(visibleText((await gestor.get(second).expect(200)).text)).to.include('Segredo já exibido');
    expect(visibleText((await gestor.get(secretPage).expect(200)).text)).to.include('Segredo já exibido');
    await gestor.post(`${base}/${row.id}/renovar`).type('form').send(form).expect(303).expect('Location', second);
    expect(visibleText((await gestor.get(second).expect(200)).text)).to.include('Segredo já exibido');
    const renewals = await t.database.db('audit_events').where({ action: 'integration.secret_renewed' }).count({ n: '*' });
    expect(Number(renewals[0]?.n)).to.equal(1);
  });

  it('shows a renewed secret only to the browser session it was renewed in (another session of the same gestor gets nothing)', async () => {
    await add('Folha');
    const [row] = await t.database.db('integracoes').select('id');
    const confirm = await gestor.get(`${base}/${row.id}/renovar`).expect(200);
    await gestor
      .post(`${base}/${row.id}/renovar`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) })
      .expect(303);
    const other = await signIn(t.app, people.gestor.email);
    const elsewhere = await other.get(`${base}/${row.id}/segredo`).expect(200);
    expect(visibleText(elsewhere.text)).to.include('Segredo já exibido');
    const shown = await gestor.get(`${base}/${row.id}/segredo`).expect(200);
    expect(shown.text).to.match(/id="client-secret"[^>]*value="cds_/);
  });

  it("renews with a grace: the key's page lists both secrets with their last use, both work until the grace ends, and Encerrar agora ends it", async () => {
    const creds = await add('ERP');
    const [row] = await t.database.db('integracoes').select('id');
    const keyPage = `${base}/${row.id}`;
    const list = await gestor.get(base).expect(200);
    expect(list.text).to.include(`<a href="${keyPage}">ERP</a>`);
    let page = await gestor.get(keyPage).expect(200);
    expect(visibleText(page.text))
      .to.include(`${creds.clientSecret.slice(0, 8)}… (atual)`)
      .and.include('Nunca usado')
      .and.not.include('(anterior)');

    const confirm = await gestor.get(`${keyPage}/renovar`).expect(200);
    for (const [value, label] of [
      ['0', 'imediatamente'],
      ['3600', 'em 1 hora'],
      ['86400', 'em 24 horas'],
      ['604800', 'em 7 dias'],
    ])
      expect(confirm.text).to.match(new RegExp(`<input type="radio" name="carencia" value="${value}"[^>]*> ${label}`));
    // A choice the form does not offer is refused next to the field, and renews nothing.
    const form = { _csrf: csrfOf(confirm.text), segredoDe: /name="segredoDe" value="(\d+)"/.exec(confirm.text)?.[1] ?? '' };
    const bad = await gestor
      .post(`${keyPage}/renovar`)
      .type('form')
      .send({ ...form, carencia: '999' })
      .expect(422);
    expect(bad.text).to.include('id="erro-carencia"').and.include('Escolha quando o segredo atual deixa de funcionar.');
    await tokenRequest(t.app, creds).expect(200);

    await gestor
      .post(`${keyPage}/renovar`)
      .type('form')
      .send({ ...form, carencia: '3600' })
      .expect(303);
    const shown = await gestor.get(`${keyPage}/segredo`).expect(200);
    expect(visibleText(shown.text)).to.include('O segredo anterior continua funcionando até');
    const newSecret = /id="client-secret"[^>]*value="(cds_[^"]+)"/.exec(shown.text)?.[1] as string;
    const renewed = { clientId: creds.clientId, clientSecret: newSecret };
    await tokenRequest(t.app, creds).expect(200);
    await tokenRequest(t.app, renewed).expect(200);
    // Each secret's own last use, once the uses are written (every couple of seconds).
    await t.services.lastUse.flush();
    page = await gestor.get(keyPage).expect(200);
    const text = visibleText(page.text);
    expect(text).to.include('Rotação em andamento: os dois segredos funcionam até');
    expect(text)
      .to.include(`${newSecret.slice(0, 8)}… (atual)`)
      .and.include(`${creds.clientSecret.slice(0, 8)}… (anterior)`);
    expect(
      text.match(/\d{2}\/\d{2}\/\d{4},? \d{2}:\d{2} (127\.0\.0\.1|::ffff:127\.0\.0\.1)/g),
      'both secrets show a last use',
    ).to.have.length.of.at.least(2);
    expect(text).to.include('Funciona até').and.include('Encerrar agora');
    const renewals = await t.database.db('audit_events').where({ action: 'integration.secret_renewed' }).first('details');
    expect(JSON.parse(String(renewals.details))).to.include({ carenciaSegundos: 3600 });

    // Without the form's CSRF token nothing ends.
    await gestor.post(`${keyPage}/encerrar-carencia`).type('form').send({}).expect(403);
    await tokenRequest(t.app, creds).expect(200);
    const ended = await gestor
      .post(`${keyPage}/encerrar-carencia`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(ended.headers.location).to.equal(keyPage);
    await tokenRequest(t.app, creds).expect(401);
    await tokenRequest(t.app, renewed).expect(200);
    page = await gestor.get(keyPage).expect(200);
    expect(visibleText(page.text))
      .to.include('deixou de funcionar, e os tokens obtidos com ele também')
      .and.include('Deixou de funcionar em')
      .and.not.include('Encerrar agora');
    const graceEnded = await t.database.db('audit_events').where({ action: 'integration.grace_ended' }).count({ n: '*' });
    expect(Number(graceEnded[0]?.n)).to.equal(1);
    // Ending it again changes nothing, and says so.
    await gestor
      .post(`${keyPage}/encerrar-carencia`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(visibleText((await gestor.get(keyPage).expect(200)).text)).to.include('Não há segredo anterior em carência');
  });

  it("shows a key's page to whoever sees the UG's list, with its actions only to those who manage the keys", async () => {
    await add('Compras');
    const [row] = await t.database.db('integracoes').select('id');
    const keyPage = `${base}/${row.id}`;
    const page = await gestor.get(keyPage).expect(200);
    expect(page.text).to.include(`${keyPage}/renovar`).and.include(`${keyPage}/excluir`);
    const member = await signIn(t.app, people.member.email);
    const seen = await member.get(keyPage).expect(200);
    expect(visibleText(seen.text)).to.include('Compras').and.include('(atual)');
    expect(seen.text).to.not.include(`${keyPage}/renovar`).and.not.include(`${keyPage}/excluir`);
    await member
      .post(`${keyPage}/encerrar-carencia`)
      .type('form')
      .send({ _csrf: csrfOf(seen.text) })
      .expect(403);
    const admin = await signIn(t.app, people.admin.email);
    expect((await admin.get(keyPage).expect(200)).text).to.include(`${keyPage}/renovar`);
    const outsider = await signIn(t.app, people.outsider.email);
    await outsider.get(keyPage).expect(404);
    await gestor.get(`${base}/999999`).expect(404);
  });

  it('deletes a key after confirmation, saying what happens to the systems using it', async () => {
    const creds = await add('Sistema antigo');
    const [row] = await t.database.db('integracoes').select('id');
    const confirm = await gestor.get(`${base}/${row.id}/excluir`).expect(200);
    expect(visibleText(confirm.text)).to.include('Os sistemas que a usam perderão o acesso à API');
    await gestor
      .post(`${base}/${row.id}/excluir`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) })
      .expect(303)
      .expect('Location', base);
    const list = await gestor.get(base).expect(200);
    expect(visibleText(list.text)).to.include('Integração "Sistema antigo" excluída').and.include('Nenhuma integração cadastrada');
    await tokenRequest(t.app, creds).expect(401);
    await gestor.get(`${base}/${row.id}/excluir`).expect(404);
  });

  it("answers 404 for an unknown UG, an unknown key, another UG's key, and a malformed id", async () => {
    await add('Minha');
    const [row] = await t.database.db('integracoes').select('id');
    const other = await createUg(t.services);
    await t.services.ugs.setGestor(other.codigo, people.gestor.email, cliCaller);
    await gestor.get('/unidades-gestoras/999999/integracoes').expect(404);
    await gestor.get(`${base}/999999/renovar`).expect(404);
    await gestor.get(`/unidades-gestoras/${other.id}/integracoes/${row.id}/renovar`).expect(404);
    await gestor.get(`${base}/abc/excluir`).expect(404);
    await gestor.get(`${base}/${row.id}/qualquer`).expect(404);
    await gestor.get('/unidades-gestoras/abc/integracoes').expect(404);
  });

  it('shows a new gestor the keys created before the change, with the renew action beside each', async () => {
    await add('Chave antiga');
    const before = await gestor.get(base).expect(200);
    expect(visibleText(before.text)).not.to.include('Você é o novo gestor');
    expect(visibleText((await gestor.get('/unidades-gestoras').expect(200)).text)).not.to.include('Você é o novo gestor');
    await t.services.ugs.setGestor(people.ug.codigo, people.member.email, cliCaller);
    const novo = await signIn(t.app, people.member.email);
    // Told where they land after sign-in, as the admin's confirmation promises, with the way to the keys.
    const landing = await novo.get('/unidades-gestoras').expect(200);
    expect(visibleText(landing.text))
      .to.include('Você é o novo gestor: renove as chaves criadas antes de você')
      .and.include(`${people.ug.codigo} — ${people.ug.nome}`)
      .and.include('1 chave de antes da sua gestão.');
    expect(landing.text).to.include(`href="${base}?anteriores=1">Ver essas integrações e renovar`);
    const page = await novo.get(base).expect(200);
    const text = visibleText(page.text);
    expect(text)
      .to.include('Você é o novo gestor desta unidade gestora')
      .and.include('1 integração tem segredo anterior à sua gestão')
      .and.include('Chave antiga');
    expect(page.text).to.include(`href="${base}?anteriores=1">Ver só estas integrações`);
    const [row] = await t.database.db('integracoes').select('id');
    expect(page.text).to.include(`href="${base}/${row.id}/renovar">Renovar segredo`);
    // A key added under the new term is listed, but not in the notice nor among the keys from before.
    const novaChave = await createKey(t.services, people.ug.id);
    const notice = (await novo.get(base).expect(200)).text;
    expect(visibleText(notice)).to.include('1 integração tem segredo anterior').and.include(novaChave.clientId);
    expect(noticeOf(notice)).not.to.include(novaChave.clientId);
    const older = (await novo.get(`${base}?anteriores=1`).expect(200)).text;
    expect(clientIds(older)).to.have.length(1).and.not.include(novaChave.clientId);
    expect(visibleText(older)).to.include('Somente as integrações com segredo anterior à gestão atual').and.include('1 integração');
    await confirmAndSubmit(novo, `${base}/${row.id}/renovar`, 303);
    expect(visibleText((await novo.get(base).expect(200)).text)).not.to.include('Você é o novo gestor');
    expect(visibleText((await novo.get(`${base}?anteriores=1`).expect(200)).text)).to.include(
      'Nenhuma integração com segredo anterior à gestão atual.',
    );
    expect(visibleText((await novo.get('/unidades-gestoras').expect(200)).text)).not.to.include('Você é o novo gestor');
    // The former gestor is now an ordinary member: read-only.
    const former = await gestor.get(base).expect(200);
    expect(visibleText(former.text)).to.include('Somente o gestor da unidade gestora').and.not.include('Renovar segredo');
  });

  it('pages the keys 25 at a time, newest first, with the count above the table, to the last page and back', async () => {
    const created: string[] = [];
    for (let i = 0; i < 60; i += 1) created.push((await createKey(t.services, people.ug.id)).clientId);
    const walk = await walkPages(gestor, base, clientIds);
    expectWalked(walk, 3, [...created].reverse());
    expect(walk.forward.map((p) => p.rows.length)).to.deep.equal([25, 25, 10]);
    for (const page of [...walk.forward, ...walk.backward]) {
      const html = (await gestor.get(page.url).expect(200)).text;
      expect(visibleText(html)).to.include('60 integrações');
      if (page.label !== 'Página 1 de 3') expect(html).to.include(`href="${base}">« Primeira página`);
    }
    for (const link of walk.forward.slice(1).map((p) => p.url)) expect(link).to.match(new RegExp(`^${base}\\?apos=\\d+$`));
    for (const link of walk.backward.slice(1).map((p) => p.url)) expect(link).to.match(new RegExp(`^${base}\\?antes=\\d+$`));
    // Adicionar, Renovar segredo and Excluir stay where they were, on every page.
    const last = (await gestor.get(String(walk.forward.at(-1)?.url)).expect(200)).text;
    expect(last).to.include(`href="${base}/adicionar"`);
    const [oldest] = await t.database.db('integracoes').orderBy('id').limit(1).select('id');
    expect(last)
      .to.include(`href="${base}/${oldest.id}/renovar">Renovar segredo`)
      .and.include(`href="${base}/${oldest.id}/excluir">Excluir`);
    // A new gestor's notice counts all 60 keys from before, names the newest 10, and links to a list of those only,
    // paged like the full one.
    const keyIds = (await t.database.db('integracoes').orderBy('id', 'desc').select('id')).map((r: { id: number | string }) =>
      Number(r.id),
    );
    await t.services.ugs.setGestor(people.ug.codigo, people.member.email, cliCaller);
    await createKey(t.services, people.ug.id);
    const novo = await signIn(t.app, people.member.email);
    const notice = (await novo.get(base).expect(200)).text;
    expect(clientIds(notice)).to.have.length(25);
    expect(visibleText(notice)).to.include('61 integrações').and.include('60 integrações têm segredo anterior à sua gestão');
    const named = [...noticeOf(notice).matchAll(/href="[^"]+\/(\d+)\/renovar">Renovar segredo/g)].map((m) => Number(m[1]));
    expect(named).to.deep.equal(keyIds.slice(0, 10));
    expect(notice).to.include(`href="${base}?anteriores=1">Ver todas as integrações com segredo anterior à sua gestão`);
    const older = await walkPages(novo, `${base}?anteriores=1`, clientIds);
    expectWalked(older, 3, [...created].reverse());
    for (const link of older.forward.slice(1).map((p) => p.url)) expect(link).to.match(new RegExp(`^${base}\\?anteriores=1&apos=\\d+$`));
    expect(visibleText((await novo.get(String(older.forward[1]?.url)).expect(200)).text)).to.include('60 integrações');
    for (const bad of ['anteriores=sim', 'anteriores=1&anteriores=1', 'anteriores=0']) {
      const refused = await novo.get(`${base}?${bad}`).expect(422);
      expect(clientIds(refused.text), bad).to.deep.equal([]);
      expect(refused.text, bad).to.include('<p class="form-error" role="alert">');
    }
  });

  it('shows a bad page of the keys as "Página inválida." over an empty list', async () => {
    await add('Chave listada');
    for (const position of ['apos=x', 'antes=x', 'antes=-1', 'apos=1&antes=2', 'apos=1&apos=2']) {
      const badPage = await gestor.get(`${base}?${position}`).expect(422);
      expect(badPage.text, position).to.include('<p class="form-error" role="alert">Página inválida.</p>');
      expect(clientIds(badPage.text), position).to.deep.equal([]);
      expect(visibleText(badPage.text), position).to.include(people.ug.nome);
    }
    expect(clientIds((await gestor.get(`${base}?apos=`).expect(200)).text)).to.have.length(1);
  });

  it("records every change in the UG's Auditoria page", async () => {
    const creds = await add('Auditada');
    const [row] = await t.database.db('integracoes').select('id');
    await confirmAndSubmit(gestor, `${base}/${row.id}/renovar`, 303);
    await confirmAndSubmit(gestor, `${base}/${row.id}/excluir`, 303);
    const audit = await gestor.get(`/unidades-gestoras/${people.ug.id}/auditoria`).expect(200);
    const text = visibleText(audit.text);
    expect(text)
      .to.include('Integração criada')
      .and.include('Segredo renovado')
      .and.include('Integração excluída')
      .and.include('Gestor alterado');
    expect(text).to.include(creds.clientId).and.include('Gestora Ana');
    expect(audit.text).not.to.include(creds.clientSecret);
  });

  it('searches the Unidades Gestoras list and pages it 25 at a time in id order, to the last page and back, no UG skipped or repeated', async () => {
    const admin = await signIn(t.app, people.admin.email);
    // Created in the reverse of their names' order: the list follows the ids (registration), not the names.
    const created: string[] = [];
    for (let i = 0; i < 51; i += 1) {
      const ug = await createUg(t.services, { codigo: `BUSCA${i}`, nome: `Câmara Busca ${String(50 - i).padStart(2, '0')}` });
      created.push(ug.codigo);
    }
    const walk = await walkPages(admin, '/unidades-gestoras?q=busca', ugCodes);
    expectWalked(walk, 3, created);
    for (const page of [...walk.forward, ...walk.backward]) {
      const html = (await admin.get(page.url).expect(200)).text;
      expect(visibleText(html)).to.include('51 unidades gestoras');
      if (page.label !== 'Página 1 de 3') expect(html).to.include('href="/unidades-gestoras?q=busca">« Primeira página');
    }
    for (const link of walk.forward.slice(1).map((p) => p.url)) expect(link).to.match(/^\/unidades-gestoras\?q=busca&apos=\d+$/);
    for (const link of walk.backward.slice(1).map((p) => p.url)) expect(link).to.match(/^\/unidades-gestoras\?q=busca&antes=\d+$/);
    const byCnpj = await admin.get(`/unidades-gestoras?q=${people.ug.cnpj.slice(0, 8)}`).expect(200);
    expect(visibleText(byCnpj.text)).to.include(people.ug.nome);
    const none = await admin.get('/unidades-gestoras?q=inexistente').expect(200);
    expect(visibleText(none.text)).to.include('Nenhuma unidade gestora encontrada para “inexistente”.');
  });

  it('shows a bad search or page of the Unidades Gestoras list next to its field, over an empty list', async () => {
    const admin = await signIn(t.app, people.admin.email);
    for (const position of ['apos=x', 'antes=x', 'antes=-1', 'apos=1&antes=2']) {
      const badPage = await admin.get(`/unidades-gestoras?q=busca&${position}`).expect(422);
      expect(badPage.text, position).to.include('<p class="form-error" role="alert">Página inválida.</p>').and.include('value="busca"');
      expect(ugCodes(badPage.text), position).to.deep.equal([]);
    }
    expect((await admin.get(`/unidades-gestoras?q=${'x'.repeat(101)}`).expect(422)).text).to.include(
      'id="erro-q">Use até 100 caracteres na busca.',
    );
  });
});
