import { expect } from 'chai';
import type { Responsavel } from '../../app/responsaveis/responsaveis.repository.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { cpfFrom } from '../support/fixtures.ts';
import { ugNotFoundProblem, validationProblem } from '../support/problems.ts';
import { apiCall } from '../support/api.ts';
import type { Permissao } from '../../app/integrations/integrations.schemas.ts';
import { matrixCases, matrixTokens, createTenancyTest, type TenancyTest } from '../support/tenancy.ts';

function apiResponsavel(r: Responsavel) {
  return { id: r.id, unidadeGestoraId: r.ugId, cpf: r.cpf, nome: r.nome, funcao: r.funcao, inicio: r.inicio, fim: r.fim };
}

/** In each UG: a former gestor, the current gestor and a current contador, named after the UG. */
async function staff(services: Services, ug: Ug, n: number): Promise<Responsavel[]> {
  return [
    await services.responsaveis.create(ug.id, {
      cpf: cpfFrom(n),
      nome: `Ex-gestor ${ug.nome}`,
      funcao: 'gestor',
      inicio: '2021-01-01',
      fim: '2024-12-31',
    }),
    await services.responsaveis.create(ug.id, { cpf: cpfFrom(n + 1), nome: `Gestora ${ug.nome}`, funcao: 'gestor', inicio: '2025-01-01' }),
    await services.responsaveis.create(ug.id, {
      cpf: cpfFrom(n + 2),
      nome: `Contador ${ug.nome}`,
      funcao: 'contador',
      inicio: '2025-01-01',
      fim: '2999-12-31',
    }),
  ];
}

describe('GET /api/v1/unidades-gestoras/{id}/responsaveis', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  const people = new Map<number, Responsavel[]>();
  let tokens: Awaited<ReturnType<typeof matrixTokens>>;

  before(async () => {
    let n = 1000;
    for (const ug of [s.w.agr, s.w.own, s.w.child, s.w.sibling, s.w.unrelated]) people.set(ug.id, await staff(s.t.services, ug, (n += 10)));
    tokens = await matrixTokens(s.t, s.w);
  });

  const list = (token: string, ug: Ug, query = '') => apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras/${ug.id}/responsaveis${query}`);

  it("lists a UG's responsáveis, past and current, in id order", async () => {
    const res = await list(tokens['own-leitura'], s.w.own)
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.body).to.deep.equal({
      items: (people.get(s.w.own.id) ?? []).map(apiResponsavel),
      totalCount: 3,
      totalCountExact: true,
      nextCursor: null,
    });
  });

  it('somenteAtuais=true leaves out ended terms; false and absent list all; funcao filters', async () => {
    const [former, gestora, contador] = (people.get(s.w.own.id) ?? []).map(apiResponsavel);
    const token = tokens['own-leitura'];
    expect((await list(token, s.w.own, '?somenteAtuais=true').expect(200)).body).to.deep.equal({
      items: [gestora, contador],
      totalCount: 2,
      totalCountExact: true,
      nextCursor: null,
    });
    expect((await list(token, s.w.own, '?somenteAtuais=false').expect(200)).body.totalCount).to.equal(3);
    expect((await list(token, s.w.own, '?funcao=gestor').expect(200)).body.items).to.deep.equal([former, gestora]);
    expect((await list(token, s.w.own, '?funcao=gestor&somenteAtuais=true').expect(200)).body.items).to.deep.equal([gestora]);
  });

  it('pages with a cursor', async () => {
    const token = tokens['own-leitura'];
    const all = (people.get(s.w.own.id) ?? []).map(apiResponsavel);
    const first = await list(token, s.w.own, '?limit=2').expect(200);
    expect(first.body.items).to.deep.equal(all.slice(0, 2));
    const second = await list(token, s.w.own, `?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(second.body).to.deep.equal({ items: all.slice(2), totalCount: 3, totalCountExact: true, nextCursor: null });
  });

  it('answers bad filters with 422 listing each field, in pt-BR', async () => {
    const res = await list(tokens['own-leitura'], s.w.own, '?somenteAtuais=sim&funcao=prefeito&limit=0').expect(422);
    expect(res.body).to.deep.equal(
      validationProblem([
        { field: 'somenteAtuais', message: 'Opção inválida: esperava uma das seguintes opções: "true"|"false"' },
        { field: 'funcao', message: 'Escolha uma função válida.' },
        { field: 'limit', message: 'Informe um número inteiro de 1 a 500.' },
      ]),
    );
  });

  for (const permissao of ['leitura', 'escrita'] satisfies Permissao[]) {
    it(`tenancy, ${permissao} key: own and aggregated UGs answer their own people; sibling, parent and unrelated answer 404 as a missing UG`, async () => {
      for (const { key, visible, hidden } of matrixCases(s.w)) {
        const token = tokens[`${key}-${permissao}`];
        const missing = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras/999999/responsaveis').expect(404);
        expect(missing.body).to.deep.equal(ugNotFoundProblem);
        for (const ug of visible) {
          const res = await list(token, ug, '?limit=500').expect(200);
          expect(res.body.items, `${key} → ${ug.nome}`).to.deep.equal((people.get(ug.id) ?? []).map(apiResponsavel));
        }
        for (const ug of hidden) {
          for (const query of ['', '?somenteAtuais=true', '?limit=1']) {
            const res = await list(token, ug, query).expect(404);
            expect(res.body, `${key} → ${ug.nome}${query}`).to.deep.equal(missing.body);
          }
        }
      }
    });
  }
});
