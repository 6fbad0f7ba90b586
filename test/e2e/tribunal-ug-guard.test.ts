import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { apiCall } from '../support/api.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { cnpjFrom, createUg, createUser } from '../support/fixtures.ts';
import { csrfOf, signIn, visibleText, type Agent } from '../support/portal.ts';
import { problem } from '../support/problems.ts';
import type { Key } from '../support/oauth.ts';

const API = '/v1/admin/unidades-gestoras';
const PORTAL = '/admin/unidades-gestoras';
const notDeactivated = 'A unidade gestora do Tribunal não pode ser desativada: as integrações de administração deixariam de funcionar.';
const notDeleted = 'A unidade gestora do Tribunal não pode ser excluída.';

describe("the Tribunal's own UG cannot be deactivated, deleted or lose its tribunal flag, through any surface", () => {
  let t: TestApp;
  let tribunal: Ug;
  let token: string;
  let adminKey: Key;
  let admin: Agent;

  beforeEach(async () => {
    t = await createTestApp();
    tribunal = await createTribunal(t.services);
    ({ token, key: adminKey } = await adminToken(t.app, t.services, tribunal));
    admin = await signIn(t.app, (await createUser(t.services, { isAdmin: true })).email);
  });
  afterEach(() => t.close());

  const row = (id: number) => t.database.db('unidades_gestoras').where({ id }).first('codigo', 'nome', 'ativa', 'tribunal');
  const call = (method: 'patch' | 'put' | 'delete', path: string) => apiCall(t.app, token, method, path);
  /** Opens a confirmation page and submits its form, as a person would. */
  async function submit(page: string) {
    const form = await admin.get(page).expect(200);
    return admin
      .post(page)
      .type('form')
      .send({ _csrf: csrfOf(form.text) });
  }

  const refusals: Array<[string, () => PromiseLike<{ status: number; body: unknown }>, string]> = [
    ['PATCH ativa=false', () => call('patch', `${API}/${tribunal.id}`).send({ ativa: false }), notDeactivated],
    [
      'PATCH of a name together with ativa=false',
      () => call('patch', `${API}/${tribunal.id}`).send({ nome: 'Outro nome', ativa: false }),
      notDeactivated,
    ],
    ['DELETE', () => call('delete', `${API}/${tribunal.id}`), notDeleted],
  ];
  for (const [surface, request, detail] of refusals) {
    it(`admin API ${surface}: 409 UG_TRIBUNAL, the UG unchanged`, async () => {
      const before = await row(tribunal.id);
      const res = await request();
      expect(res.status).to.equal(409);
      expect(res.body).to.deep.equal(problem(409, 'Conflito', 'UG_TRIBUNAL', detail));
      expect(await row(tribunal.id)).to.deep.equal(before);
    });
  }

  it('admin API PATCH tribunal=false and PUT without tribunal: the flag stays', async () => {
    // The flag is no field of the bodies: sent anyway, it is refused as any unknown member is (422 naming it).
    const patch = await call('patch', `${API}/${tribunal.id}`).send({ tribunal: false }).expect(422);
    expect(patch.body.code).to.equal('VALIDATION_FAILED');
    expect(JSON.stringify(patch.body.errors)).to.include('tribunal');
    expect(await row(tribunal.id)).to.satisfy((r: { tribunal: unknown }) => Boolean(r.tribunal));
    const put = await call('put', `${API}/${tribunal.id}`)
      .send({ codigo: tribunal.codigo, nome: 'Tribunal de Contas do Estado do Espírito Santo', cnpj: tribunal.cnpj })
      .expect(200);
    expect(put.body).to.include({ tribunal: true, ativa: true });
    expect(await row(tribunal.id))
      .to.deep.include({ nome: 'Tribunal de Contas do Estado do Espírito Santo' })
      .and.satisfy((r: { tribunal: unknown }) => Boolean(r.tribunal));
  });

  for (const [acao, message] of [
    ['desativar', notDeactivated],
    ['excluir', notDeleted],
  ] as const) {
    it(`portal ${acao}: refused with the message on the page, the UG unchanged`, async () => {
      // Without its key the Tribunal UG is unused: nothing but the guard stops its deletion.
      await t.services.integrationsAdmin.delete(cliCaller, adminKey.id);
      const before = await row(tribunal.id);
      const res = await submit(`${PORTAL}/${tribunal.id}/${acao}`);
      expect(res.status).to.equal(409);
      expect(visibleText(res.text)).to.include(message);
      expect(res.text).not.to.include(`href="${PORTAL}/${tribunal.id}/desativar"`);
      expect(await row(tribunal.id)).to.deep.equal(before);
    });
  }

  it('portal list and edit form: no Desativar or Excluir for the Tribunal UG, and editing keeps the flag', async () => {
    const other = await createUg(t.services, { codigo: 'OUTRA-1' });
    const list = (await admin.get(PORTAL).expect(200)).text;
    for (const acao of ['desativar', 'excluir']) {
      expect(list).not.to.include(`href="${PORTAL}/${tribunal.id}/${acao}"`);
      expect(list).to.include(`href="${PORTAL}/${other.id}/${acao}"`);
    }
    const form = await admin.get(`${PORTAL}/${tribunal.id}/editar`).expect(200);
    const fields = { _csrf: csrfOf(form.text), codigo: tribunal.codigo, nome: 'Tribunal renomeado', cnpj: cnpjFrom(777), agregadora: '' };
    await admin.post(`${PORTAL}/${tribunal.id}/editar`).type('form').send(fields).expect(303);
    expect(Boolean((await row(tribunal.id))?.tribunal)).to.equal(true);
  });

  it('another UG can still be deactivated and deleted (the positive control)', async () => {
    const other = await createUg(t.services, { codigo: 'OUTRA-2' });
    expect((await call('patch', `${API}/${other.id}`).send({ ativa: false }).expect(200)).body).to.include({ ativa: false });
    expect((await submit(`${PORTAL}/${other.id}/reativar`)).status).to.equal(303);
    expect((await submit(`${PORTAL}/${other.id}/desativar`)).status).to.equal(303);
    await call('delete', `${API}/${other.id}`).expect(204);
  });
});
