import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { formatCnpj } from '../../app/documents/check-digits.ts';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { cnpjFrom, cpfFrom, createUg, createUgWithPeople, createUser } from '../support/fixtures.ts';
import { createKey, tokenRequest } from '../support/oauth.ts';
import { csrfFrom, csrfOf, dataIds, expectWalked, signIn, visibleText, walkPages, type Agent } from '../support/portal.ts';
import { callerFor, rejects } from '../support/services.ts';

const BASE = '/admin/unidades-gestoras';

describe('portal: Administração → Unidades Gestoras (Sys Admin)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Agent;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    admin = await signIn(t.app, people.admin.email);
  });
  afterEach(() => t.close());

  /** Opens a page with a form and submits it, as a person would. */
  async function submit(page: string, fields: Record<string, string> = {}, action = page) {
    const form = await admin.get(page).expect(200);
    return admin
      .post(action)
      .type('form')
      .send({ _csrf: csrfOf(form.text), ...fields });
  }

  const ugForm = (codigo: string, n: number, agregadora = '') => ({ codigo, nome: `Câmara ${codigo}`, cnpj: cnpjFrom(n), agregadora });

  it('lists UGs from the menu with situação, gestor and agregadora; searches by código, nome and CNPJ with or without mask', async () => {
    const other = await createUg(t.services, { codigo: 'CAM-77', nome: 'Câmara de Itaguaçu', agregadora: people.ug.codigo });
    expect((await admin.get('/unidades-gestoras').expect(200)).text).to.include(`href="${BASE}"`);
    const all = visibleText((await admin.get(BASE).expect(200)).text);
    expect(all)
      .to.include('2 unidades gestoras')
      .and.include(people.ug.nome)
      .and.include('Gestora Ana')
      .and.include('Câmara de Itaguaçu')
      .and.include('Ativa');
    const rows = async (q: string) => visibleText((await admin.get(`${BASE}?q=${encodeURIComponent(q)}`).expect(200)).text);
    expect(await rows('cam-77'))
      .to.include('Câmara de Itaguaçu')
      .and.include('1 unidade gestora')
      .and.not.include(people.ug.nome);
    expect(await rows('itaguaçu')).to.include('CAM-77');
    const masked = `${other.cnpj.slice(0, 2)}.${other.cnpj.slice(2, 5)}.${other.cnpj.slice(5, 8)}/${other.cnpj.slice(8, 12)}-${other.cnpj.slice(12)}`;
    expect(await rows(masked))
      .to.include('CAM-77')
      .and.not.include(people.ug.nome);
    expect(await rows(other.cnpj)).to.include('CAM-77');
    expect(await rows('nada-disso')).to.include('Nenhuma unidade gestora encontrada.');
    expect((await admin.get(`${BASE}?q=${'x'.repeat(101)}`).expect(422)).text).to.include('id="erro-q">Use até 100 caracteres na busca.');
    expect(visibleText((await admin.get(`${BASE}?apos=x`).expect(422)).text)).to.include('Página inválida.');
  });

  it('searches UGs ignoring accents and case, on the admin list and on Unidade Gestora', async () => {
    await createUg(t.services, { nome: 'Prefeitura Municipal de Vitória' });
    for (const q of ['vitoria', 'VITÓRIA', 'Vitória']) {
      const page = visibleText((await admin.get(`${BASE}?q=${encodeURIComponent(q)}`).expect(200)).text);
      expect(page, q).to.include('Prefeitura Municipal de Vitória');
      const ugs = visibleText((await admin.get(`/unidades-gestoras?q=${encodeURIComponent(q)}`).expect(200)).text);
      expect(ugs, q).to.include('Prefeitura Municipal de Vitória');
    }
  });

  it('pages 25 at a time in id order to the last page with Próxima and back with Anterior, numbered, keeping the search', async () => {
    for (let i = 0; i < 55; i += 1) await createUg(t.services);
    const ids = (await t.database.db('unidades_gestoras').orderBy('id').select('id')).map((r: { id: number }) => String(r.id));
    const walk = await walkPages(admin, `${BASE}?q=`, dataIds('ug'));
    expectWalked(walk, Math.ceil(ids.length / 25), ids);
    expect(walk.forward[1]?.url).to.match(/^\/admin\/unidades-gestoras\?q=&apos=\d+$/);
    expect(walk.backward[1]?.url).to.match(/^\/admin\/unidades-gestoras\?q=&antes=\d+$/);
  });

  it("pages a UG's members 25 at a time to the last page and back, numbered", async () => {
    for (let i = 0; i < 30; i += 1) await t.services.ugs.addMember(people.ug.codigo, (await createUser(t.services)).email, cliCaller);
    const members = `${BASE}/${people.ug.id}/membros`;
    const ids = (await t.database.db('ug_membros').where({ ug_id: people.ug.id }).orderBy('user_id').select('user_id')).map(
      (r: { user_id: number }) => String(r.user_id),
    );
    expect(ids).to.have.length(32);
    const walk = await walkPages(admin, members, dataIds('user'));
    expectWalked(walk, 2, ids);
    expect(walk.forward[1]?.url).to.match(new RegExp(`^${members}\\?apos=\\d+$`));
  });

  it('creates a UG (alphanumeric CNPJ, agregadora by código) with errors next to each field', async () => {
    const bad = await submit(`${BASE}/nova`, { codigo: 'a b', nome: '', cnpj: '11.222.333/0001-82', agregadora: 'NAO-EXISTE' }, BASE);
    expect(bad.status).to.equal(422);
    expect(bad.text)
      .to.include('id="erro-codigo">Use apenas letras')
      .and.include('id="erro-nome">Informe o nome.')
      .and.include('id="erro-cnpj">CNPJ inválido');
    expect(bad.text).to.include('value="a b"');
    const unknownAgregadora = await submit(
      `${BASE}/nova`,
      { codigo: 'NOVA', nome: 'Nova', cnpj: '12.ABC.345/01DE-35', agregadora: 'NAO-EXISTE' },
      BASE,
    );
    expect(unknownAgregadora.status).to.equal(422);
    expect(unknownAgregadora.text).to.include('id="erro-agregadora">Não existe unidade gestora com este código.');
    const done = await submit(
      `${BASE}/nova`,
      { codigo: 'NOVA', nome: 'Nova', cnpj: '12.ABC.345/01DE-35', agregadora: people.ug.codigo },
      BASE,
    );
    expect(done.status).to.equal(303);
    expect(done.headers.location).to.equal(BASE);
    const created = await t.services.ugs.findByCodigo('NOVA');
    expect(created).to.include({ cnpj: '12ABC34501DE35', agregadoraId: people.ug.id });
    expect(visibleText((await admin.get(BASE).expect(200)).text)).to.include('Unidade gestora NOVA cadastrada.');
    const duplicate = await submit(`${BASE}/nova`, { codigo: 'NOVA', nome: 'Outra', cnpj: cnpjFrom(5) }, BASE);
    expect(duplicate.status).to.equal(409);
    expect(duplicate.text).to.include('id="erro-codigo">Já existe uma unidade gestora com este código.');
  });

  it("shows every error of the UG form in one submission: the schema's and the clashes with stored UGs", async () => {
    // A taken código, an invalid nome, a taken CNPJ and an unknown agregadora: all four at once, not one per submission.
    const res = await submit(`${BASE}/nova`, { codigo: people.ug.codigo, nome: ' ', cnpj: people.ug.cnpj, agregadora: 'NAO-EXISTE' }, BASE);
    expect(res.status).to.equal(422);
    expect(res.text)
      .to.include('id="erro-codigo">Já existe uma unidade gestora com este código.')
      .and.include('id="erro-nome">Informe o nome.')
      .and.include('id="erro-cnpj">Já existe uma unidade gestora com este CNPJ.')
      .and.include('id="erro-agregadora">Não existe unidade gestora com este código.');
    const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(res.text)?.[0] ?? '';
    expect(summary.match(/<li /g)).to.have.length(4);
    expect(summary.indexOf('#codigo')).to.be.below(summary.indexOf('#agregadora'));
    // Editing a UG, its own código and CNPJ are no clash.
    const edit = await submit(`${BASE}/${people.ug.id}/editar`, {
      codigo: people.ug.codigo,
      nome: '',
      cnpj: people.ug.cnpj,
      agregadora: '',
    });
    expect(edit.status).to.equal(422);
    expect(edit.text).to.include('id="erro-nome">').and.not.include('id="erro-codigo">').and.not.include('id="erro-cnpj">');
  });

  it('edits a UG and refuses aggregation cycles, direct and transitive, next to the field', async () => {
    await createUg(t.services, { codigo: 'FILHA', agregadora: people.ug.codigo });
    await createUg(t.services, { codigo: 'NETA', agregadora: 'FILHA' });
    const edit = `${BASE}/${people.ug.id}/editar`;
    expect((await admin.get(edit).expect(200)).text)
      .to.include(`value="${people.ug.codigo}"`)
      .and.include(`value="${formatCnpj(people.ug.cnpj)}"`);
    for (const [agregadora, message] of [
      ['NETA', 'A UG NETA já está abaixo desta UG: ela não pode ser a agregadora.'],
      ['FILHA', 'A UG FILHA já está abaixo desta UG: ela não pode ser a agregadora.'],
      [people.ug.codigo, 'Uma UG não pode ser a agregadora de si mesma.'],
    ] as const) {
      const res = await submit(edit, { ...ugForm(people.ug.codigo, 1), cnpj: people.ug.cnpj, agregadora });
      expect(res.status).to.equal(409);
      expect(res.text).to.include(`id="erro-agregadora">${message}`);
    }
    const done = await submit(edit, { codigo: 'RENOMEADA', nome: 'Prefeitura Renomeada', cnpj: people.ug.cnpj, agregadora: '' });
    expect(done.status).to.equal(303);
    expect(
      await t.services.ugsAdmin.find({ userId: null, clientId: null, nome: 'x', isAdmin: true, ip: null, scope: null }, people.ug.id),
    ).to.include({ codigo: 'RENOMEADA', nome: 'Prefeitura Renomeada' });
    await admin.get(`${BASE}/999999/editar`).expect(404);
  });

  it('deactivates (keys refused) and reactivates (same secret works) with confirmation; situação shown', async () => {
    const key = await createKey(t.services, people.ug.id);
    const confirmation = await admin.get(`${BASE}/${people.ug.id}/desativar`).expect(200);
    expect(visibleText(confirmation.text)).to.include('deixarão de valer em cerca de um segundo');
    expect((await submit(`${BASE}/${people.ug.id}/desativar`)).status).to.equal(303);
    expect(visibleText((await admin.get(BASE).expect(200)).text))
      .to.include('Desativada')
      .and.include('desativada. Suas integrações');
    await tokenRequest(t.app, key).expect(401);
    const gestor = await signIn(t.app, people.gestor.email);
    const keys = `/unidades-gestoras/${people.ug.id}/integracoes`;
    const inactive = (await gestor.get(keys).expect(200)).text;
    expect(visibleText(inactive)).to.include('Esta unidade gestora está desativada');
    // Keys of a deactivated UG would not work: no Adicionar, no Renovar (409 UG_INACTIVE if forced); Excluir stays.
    expect(inactive).not.to.include(`href="${keys}/adicionar"`).and.not.to.include(`href="${keys}/${key.id}/renovar"`);
    expect(inactive).to.include(`href="${keys}/${key.id}/excluir"`);
    expect(visibleText((await gestor.get(`${keys}/adicionar`).expect(409)).text)).to.include('A unidade gestora está desativada');
    const renewal = await gestor.get(`${keys}/${key.id}/renovar`).expect(200);
    expect(
      (
        await gestor
          .post(`${keys}/${key.id}/renovar`)
          .type('form')
          .send({ _csrf: csrfOf(renewal.text) })
      ).status,
    ).to.equal(409);
    const refused = await rejects(
      t.services.integrations.create(callerFor(people.gestor), people.ug.id, { descricao: 'Nova', permissao: 'leitura' }),
    );
    expect(refused).to.include({ status: 409, code: 'UG_INACTIVE' });
    expect((await submit(`${BASE}/${people.ug.id}/reativar`)).status).to.equal(303);
    expect(visibleText((await gestor.get(keys).expect(200)).text)).not.to.include('está desativada');
    await tokenRequest(t.app, key).expect(200);
    await admin.get(`${BASE}/${people.ug.id}/apagar`).expect(404);
  });

  it('deletes only an unused UG; one with members or data answers 409 telling to deactivate it', async () => {
    const inUse = await submit(`${BASE}/${people.ug.id}/excluir`);
    expect(inUse.status).to.equal(409);
    expect(visibleText(inUse.text)).to.include('não pode ser excluída. Desative-a');
    expect(inUse.text).to.include(`href="${BASE}/${people.ug.id}/desativar"`);
    const unused = await createUg(t.services, { codigo: 'VAZIA' });
    expect((await submit(`${BASE}/${unused.id}/excluir`)).status).to.equal(303);
    await admin.get(`${BASE}/${unused.id}/excluir`).expect(404);
  });

  it('lists members with their role and the gestor history; adds by e-mail or CPF; errors next to the field', async () => {
    const page = `${BASE}/${people.ug.id}/membros`;
    const text = visibleText((await admin.get(page).expect(200)).text);
    expect(text)
      .to.include('Gestora Ana')
      .and.include('Gestor')
      .and.include('Membro Bruno')
      .and.include('Histórico de gestores')
      .and.include('atual');
    const byCpf = await createUser(t.services, { nome: 'Pelo CPF' });
    const cpf = byCpf.cpf ?? '';
    const masked = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
    expect((await submit(page, { usuario: masked, papel: 'membro' })).status).to.equal(303);
    expect((await submit(page, { usuario: people.outsider.email.toUpperCase(), papel: 'membro' })).status).to.equal(303);
    const after = visibleText((await admin.get(page).expect(200)).text);
    expect(after).to.include('Pelo CPF').and.include('Carla de Fora').and.include('4 membros');
    const unknown = await submit(page, { usuario: 'ninguem@exemplo.gov.br', papel: 'membro' });
    expect(unknown.status).to.equal(422);
    expect(unknown.text).to.include('id="erro-usuario">Não existe usuário com este e-mail ou CPF.');
    const badCpf = await submit(page, { usuario: cpfFrom(1).slice(0, 10) + '0', papel: 'x' });
    expect(badCpf.status).to.equal(422);
    expect(badCpf.text).to.include('id="erro-usuario">E-mail inválido, ou CPF inválido').and.include('id="erro-papel">Escolha o papel');
  });

  it('shows a bad page of the members list over an empty list, with the UG, its history and the add form', async () => {
    for (const apos of ['x', '99999999999', '1&apos=2']) {
      const res = await admin.get(`${BASE}/${people.ug.id}/membros?apos=${apos}`).expect(422);
      expect(res.text, apos).to.include('<p class="form-error" role="alert">Página inválida.</p>').and.not.include('data-user-id=');
      expect(visibleText(res.text), apos)
        .to.include(`Membros de ${people.ug.codigo}`)
        .and.include('Histórico de gestores')
        .and.include('Adicionar membro');
    }
    await admin.get(`${BASE}/999999/membros?apos=x`).expect(404);
  });

  it('changes the gestor (history kept), removes a member, and refuses removing the current gestor', async () => {
    const members = `${BASE}/${people.ug.id}/membros`;
    const removeGestor = await submit(`${members}/${people.gestor.id}/remover`);
    expect(removeGestor.status).to.equal(409);
    expect(visibleText(removeGestor.text)).to.include('Gestora Ana é o gestor atual desta unidade gestora: defina outro gestor antes.');
    const change = await submit(`${members}/${people.member.id}/tornar-gestor`);
    expect(change.status).to.equal(303);
    const page = visibleText((await admin.get(members).expect(200)).text);
    expect(page).to.include('Membro Bruno é agora o gestor').and.include('Gestor atual: Membro Bruno');
    const history = await t.services.ugMembers.gestorHistory(
      { userId: null, clientId: null, nome: 'x', isAdmin: true, ip: null, scope: null },
      people.ug.id,
    );
    expect(history.map((g) => [g.nome, g.fim === null])).to.deep.equal([
      ['Membro Bruno', true],
      ['Gestora Ana', false],
    ]);
    expect((await submit(`${members}/${people.gestor.id}/remover`)).status).to.equal(303);
    expect(visibleText((await admin.get(members).expect(200)).text))
      .to.include('Gestora Ana removido(a)')
      .and.include('1 membro');
    await admin.get(`${members}/${people.gestor.id}/remover`).expect(404);
    await admin.get(`${members}/${people.member.id}/rebaixar`).expect(404);
  });

  it('refuses a form without its CSRF token', async () => {
    await admin.post(`${BASE}/${people.ug.id}/desativar`).type('form').send({}).expect(403);
    await admin.post(BASE).type('form').send(ugForm('SEMCSRF', 9)).expect(403);
    expect((await t.services.ugs.findByCodigo(people.ug.codigo)).ativa).to.equal(true);
  });

  const pages = (ugId: number, userId: number) =>
    [
      ['get', BASE],
      ['get', `${BASE}/nova`],
      ['post', BASE],
      ['get', `${BASE}/${ugId}/editar`],
      ['post', `${BASE}/${ugId}/editar`],
      ...['desativar', 'reativar', 'excluir'].flatMap((a) => [
        ['get', `${BASE}/${ugId}/${a}`],
        ['post', `${BASE}/${ugId}/${a}`],
      ]),
      ['get', `${BASE}/${ugId}/membros`],
      ['post', `${BASE}/${ugId}/membros`],
      ...['tornar-gestor', 'remover'].flatMap((a) => [
        ['get', `${BASE}/${ugId}/membros/${userId}/${a}`],
        ['post', `${BASE}/${ugId}/membros/${userId}/${a}`],
      ]),
    ] as Array<['get' | 'post', string]>;

  for (const role of ['gestor', 'member', 'outsider'] as const) {
    it(`refuses a ${role} every page and action (403), with no menu entry`, async () => {
      const agent = await signIn(t.app, people[role].email);
      const _csrf = await csrfFrom(agent, '/unidades-gestoras');
      for (const [method, path] of pages(people.ug.id, people.member.id)) {
        const res =
          method === 'get'
            ? await agent.get(path)
            : await agent
                .post(path)
                .type('form')
                .send({ _csrf, ...ugForm('X', 3), usuario: people.outsider.email, papel: 'gestor' });
        expect(res.status, `${method} ${path}`).to.equal(403);
      }
      expect((await agent.get('/unidades-gestoras').expect(200)).text).not.to.include(`href="${BASE}"`);
      expect((await t.services.ugs.findByCodigo(people.ug.codigo)).ativa).to.equal(true);
    });
  }

  it('sends an anonymous visitor to the login page', async () => {
    const anonymous = request.agent(t.app);
    const _csrf = await csrfFrom(anonymous, '/login');
    for (const [method, path] of pages(people.ug.id, people.member.id)) {
      const res = method === 'get' ? await anonymous.get(path) : await anonymous.post(path).type('form').send({ _csrf });
      expect(res.status, `${method} ${path}`).to.equal(303);
      expect(res.headers.location).to.match(/^\/login/);
    }
  });
});
