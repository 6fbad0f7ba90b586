import { expect } from 'chai';
import request from 'supertest';
import { generateSecret } from '../../app/integrations/credentials.ts';
import { dateIn, TIME_ZONE } from '../../app/time-zone.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { accessToken, createKey, tokenRequest, type Key } from '../support/oauth.ts';
import { signIn } from '../support/portal.ts';
import { problem } from '../support/problems.ts';
import { today, usageRow } from '../support/usage.ts';

describe("portal: a key's page charts its usage, as the requests made", () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let key: Key;

  before(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    key = await createKey(t.services, people.ug.id);
  });
  after(() => t.close());

  it("shows today's tokens, API calls and refusals by reason, as made, in the table under the chart", async () => {
    const bearer = await accessToken(t.app, key);
    await accessToken(t.app, key);
    await tokenRequest(t.app, { clientId: key.clientId, clientSecret: generateSecret() }).expect(401);
    await tokenRequest(t.app, { clientId: key.clientId, clientSecret: 'mal-digitado' }).expect(401);
    await tokenRequest(t.app, key, { scope: 'escrita' }).expect(400);
    // Another client id is counted for nobody.
    await tokenRequest(t.app, { clientId: 'cid_desconhecido', clientSecret: generateSecret() }).expect(401);
    for (let i = 0; i < 4; i++) await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${bearer}`).expect(200);
    await request(t.app).get('/api/v1/admin/integracoes').set('Authorization', `Bearer ${bearer}`).expect(403);
    await t.services.usageCounter.flush();

    const gestor = await signIn(t.app, people.gestor.email);
    const page = await gestor.get(`/unidades-gestoras/${people.ug.id}/integracoes/${key.id}`).expect(200);
    expect(page.text).to.include('<h2 id="uso-titulo">Uso nos últimos 30 dias</h2>');
    expect(usageRow(page.text, today())).to.deep.equal([
      '2',
      '5',
      'Token: credenciais inválidas: 2; Token: escopo não permitido: 1; API: sem permissão (403): 1',
    ]);
    expect(page.text).to.match(
      /<desc id="uso-grafico-resumo">De \d\d\/\d\d\/\d{4} a \d\d\/\d\d\/\d{4}: 2 tokens emitidos, 5 chamadas à API e 4 recusas\./,
    );
    expect(
      await t.database
        .db('uso_integracoes')
        .count({ n: '*' })
        .first()
        .then((r) => Number(r?.n)),
    ).to.equal(5);
  });

  it("is on the key's page for whoever sees the UG's keys; anyone else finds no such page", async () => {
    const path = `/unidades-gestoras/${people.ug.id}/integracoes/${key.id}`;
    await (await signIn(t.app, people.admin.email)).get(path).expect(200);
    const member = await (await signIn(t.app, people.member.email)).get(path).expect(200);
    expect(usageRow(member.text, today())[1]).to.equal('5');
    await (await signIn(t.app, people.outsider.email)).get(path).expect(404);
    await (await signIn(t.app, people.gestor.email)).get(`/unidades-gestoras/${people.ug.id}/integracoes/999999`).expect(404);
  });

  it('the admin API answers the same numbers, day by day (GET /api/v1/admin/integracoes/{id}/uso)', async () => {
    const { token } = await adminToken(t.app, t.services, await createTribunal(t.services));
    const res = await request(t.app).get(`/api/v1/admin/integracoes/${key.id}/uso`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.integracaoId).to.equal(key.id);
    expect(res.body.dias).to.have.length(30);
    expect(res.body.dias.at(-1)).to.deep.equal({
      dia: dateIn(TIME_ZONE, new Date()),
      tokensEmitidos: 2,
      chamadasApi: 5,
      recusas: [
        { origem: 'token', motivo: 'invalid_client', total: 2 },
        { origem: 'token', motivo: 'invalid_scope', total: 1 },
        { origem: 'api', motivo: '403', total: 1 },
      ],
    });
    expect(res.body.totais).to.deep.equal({ tokensEmitidos: 2, chamadasApi: 5, recusas: 4 });
    const missing = await request(t.app).get('/api/v1/admin/integracoes/999999/uso').set('Authorization', `Bearer ${token}`).expect(404);
    expect(missing.body).to.deep.equal(problem(404, 'Não encontrado', 'NOT_FOUND', 'Integração não encontrada.'));
  });
});
