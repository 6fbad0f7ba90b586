import { expect } from 'chai';
import { createTestApp, type TestApp } from '../support/app.ts';
import { accessToken, createKey } from '../support/oauth.ts';
import { apiCall } from '../support/api.ts';

// `cidades demo` is how people try the API (see the README): its data must come out of every endpoint as documented.
// The contract check validates each of these responses against the OpenAPI document.
describe('the API over `cidades demo` data', function () {
  this.timeout(120_000);
  let t: TestApp;
  let token: string;

  before(async () => {
    t = await createTestApp();
    await t.services.demo.fill({ seed: 7, contratacoes: 320 });
    const agregadora = await t.database
      .db('unidades_gestoras')
      .whereIn('id', t.database.db('unidades_gestoras').whereNotNull('agregadora_id').select('agregadora_id'))
      .orderBy('id')
      .first<{ id: number }>('id');
    token = await accessToken(t.app, await createKey(t.services, agregadora?.id ?? 0, 'leitura'));
  });
  after(() => t.close());

  for (const path of ['/v1/contratacoes', '/v1/remessas', '/v1/atos-pessoal/admissoes', '/v1/atos-pessoal/concessoes']) {
    it(`lists and shows ${path} of an aggregator’s UGs`, async () => {
      const list = await apiCall(t.app, token, 'get', `${path}?limit=500`).expect(200);
      expect(list.body.totalCount, path).to.be.greaterThan(0);
      const [first] = list.body.items as Array<{ id: number }>;
      await apiCall(t.app, token, 'get', `${path}/${first?.id}`).expect(200);
    });
  }
});
