import { expect } from 'chai';
import { AdmissoesRepository } from '../../app/atos-pessoal/admissoes.repository.ts';
import { ConcessoesRepository } from '../../app/atos-pessoal/concessoes.repository.ts';
import { ContratacoesRepository } from '../../app/contratacoes/contratacoes.repository.ts';
import { RemessasRepository } from '../../app/remessas/remessas.repository.ts';
import { ResponsaveisRepository } from '../../app/responsaveis/responsaveis.repository.ts';
import { UgsRepository } from '../../app/ugs/ugs.repository.ts';
import { DemoService } from '../../app/demo/demo.service.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { accessToken, createKey } from '../support/oauth.ts';
import { apiGet } from '../support/tenancy.ts';

// `cidades demo` is how people try the API (see the README): its data must come out of every endpoint as documented.
// The contract check validates each of these responses against the OpenAPI document.
describe('the API over `cidades demo` data', function () {
  this.timeout(120_000);
  let t: TestApp;
  let token: string;

  before(async () => {
    t = await createTestApp();
    const { db } = t.database;
    const records = {
      contratacoes: new ContratacoesRepository(db),
      remessas: new RemessasRepository(db),
      admissoes: new AdmissoesRepository(db),
      concessoes: new ConcessoesRepository(db),
      responsaveis: new ResponsaveisRepository(db),
    };
    await new DemoService({ db, ugRows: new UgsRepository(db), records, ugs: t.services.ugs, users: t.services.users }).fill({ seed: 7, contratacoesPorUg: 10 });
    const agregadora = await t.database.db('unidades_gestoras').whereIn('id', t.database.db('unidades_gestoras').whereNotNull('agregadora_id').select('agregadora_id')).orderBy('id').first<{ id: number }>('id');
    token = await accessToken(t.app, await createKey(t.services, agregadora?.id ?? 0, 'leitura'));
  });
  after(() => t.close());

  for (const path of ['/v1/contratacoes', '/v1/remessas', '/v1/atos-pessoal/admissoes', '/v1/atos-pessoal/concessoes']) {
    it(`lists and shows ${path} of an aggregator’s UGs`, async () => {
      const list = await apiGet(t.app, token, `${path}?limit=500`).expect(200);
      expect(list.body.totalCount, path).to.be.greaterThan(0);
      const [first] = list.body.items as Array<{ id: number }>;
      await apiGet(t.app, token, `${path}/${first?.id}`).expect(200);
    });
  }
});
