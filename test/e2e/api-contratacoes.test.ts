import { expect } from 'chai';
import { ContratacoesRepository } from '../../app/contratacoes/contratacoes.repository.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { contratacaoData, keyOf } from '../support/data.ts';
import {
  contratacaoNotFound,
  invalidFaseMessage,
  invalidCursorProblem,
  unknownParameterProblem,
  validationProblem,
} from '../support/problems.ts';
import { emptyList, expectReadMatrix, worldUgs } from '../support/read-matrix.ts';
import { apiCall } from '../support/api.ts';
import { matrixTokens, createTenancyTest, type TenancyTest } from '../support/tenancy.ts';

describe('GET /api/v1/contratacoes', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  let tokens: Awaited<ReturnType<typeof matrixTokens>>;
  let perUg: Map<number, number>;
  /** The own UG's contratações beyond the matrix's: [pregão 2025, dispensa 2024, concorrência homologada 2025]. */
  let own: number[];

  const create = async (ug: Ug, overrides: Record<string, unknown> = {}) =>
    (await s.t.services.contratacoes.create(await keyOf(s.t.services, ug), contratacaoData(overrides))).contratacao.id;

  before(async () => {
    tokens = await matrixTokens(s.t, s.w);
    perUg = new Map();
    for (const ug of worldUgs(s.w)) perUg.set(ug.id, await create(ug, { numeroProcesso: 'MATRIZ', ano: 2020 }));
    own = [
      await create(s.w.own, {
        objeto: 'Aquisição de MERENDA escolar',
        valorEstimado: '200000.00',
        valorContratado: '180000.00',
        dataAssinatura: '2025-04-02',
      }),
      await create(s.w.own, {
        numeroProcesso: '77/2024',
        ano: 2024,
        modalidade: 8,
        fase: 'contratacao_direta',
        objeto: 'Locação de imóvel',
        valorEstimado: '5000.00',
        valorContratado: null,
        dataPublicacao: '2024-11-05',
      }),
      await create(s.w.own, {
        numeroProcesso: '88/2025',
        modalidade: 4,
        objeto: 'Pavimentação de ruas',
        valorEstimado: '1500000.00',
        dataPublicacao: '2025-06-20',
      }),
    ];
    await new ContratacoesRepository(s.t.database.db).setSituacao(own[2] ?? 0, 'homologada');
  });

  const get = (path: string, key: keyof typeof tokens = 'own-leitura') => apiCall(s.t.app, tokens[key], 'get', `/v1/contratacoes${path}`);
  const ids = async (query: string) =>
    ((await get(`?${query}`).expect(200)).body as { items: Array<{ id: number }> }).items.map((c) => c.id);

  it('shows a contratação with exact decimal values, the fornecedor, its situação, who sent it, and its version as the ETag', async () => {
    const res = await get(`/${own[0]}`)
      .expect(200)
      .expect('Content-Type', /application\/json/)
      .expect('ETag', '"1"');
    const { createdAt, updatedAt, ...rest } = res.body as Record<string, unknown>;
    expect(rest).to.deep.equal({
      id: own[0],
      ugId: s.w.own.id,
      numeroProcesso: '1234/2025',
      ano: 2025,
      nllc: true,
      modalidade: 6,
      fase: 'licitacao',
      objeto: 'Aquisição de MERENDA escolar',
      valorEstimado: '200000.00',
      valorContratado: '180000.00',
      dataPublicacao: '2025-03-10',
      dataAssinatura: '2025-04-02',
      vigenciaInicio: null,
      vigenciaFim: null,
      fornecedor: { documento: '11222333000181', nome: 'Papelaria Capixaba Ltda' },
      codigoPncp: null,
      situacao: 'nao_ha_dados_homologados',
      versao: 1,
      createdBy: { clientId: `cli-${s.w.own.codigo.toLowerCase()}`, userId: null, nome: `Integração cli-${s.w.own.codigo.toLowerCase()}` },
      updatedBy: { clientId: `cli-${s.w.own.codigo.toLowerCase()}`, userId: null, nome: `Integração cli-${s.w.own.codigo.toLowerCase()}` },
    });
    expect(createdAt)
      .to.equal(updatedAt)
      .and.match(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('answers If-None-Match with the current ETag with 304 and no body, and a stale one with the record', async () => {
    for (const tag of ['"1"', 'W/"1"', '"7", "1"', '*']) {
      const res = await get(`/${own[0]}`).set('If-None-Match', tag).expect(304).expect('ETag', '"1"');
      expect(res.text ?? '', tag).to.equal('');
    }
    const stale = await get(`/${own[0]}`).set('If-None-Match', '"0"').expect(200);
    expect(stale.body.id).to.equal(own[0]);
    await get(`/${own[2]}`).set('If-None-Match', '"1"').expect(200).expect('ETag', '"2"');
  });

  it('filters by UG, ano, modalidade, fase, situação, text in objeto (any case, no accents), value and date ranges', async () => {
    const [pregao, dispensa, concorrencia] = own;
    const cases: Array<[string, Array<number | undefined>]> = [
      [`ugId=${s.w.child.id}`, [perUg.get(s.w.child.id)]],
      ['ano=2024', [dispensa]],
      ['modalidade=8', [dispensa]],
      ['fase=contratacao_direta', [dispensa]],
      ['situacao=homologada', [concorrencia]],
      ['objeto=merenda', [pregao]],
      ['objeto=LOCACAO', [dispensa]],
      ['valorEstimadoMin=150000.01&valorEstimadoMax=1500000', [pregao, concorrencia]],
      ['valorContratadoMax=150000', [perUg.get(s.w.own.id), perUg.get(s.w.child.id), concorrencia]],
      ['dataPublicacaoDe=2024-11-05&dataPublicacaoAte=2025-01-01', [dispensa]],
      ['dataAssinaturaDe=2025-04-01', [pregao]],
      ['ano=2025&modalidade=4&fase=licitacao', [concorrencia]],
    ];
    for (const [query, expected] of cases) expect(await ids(query), query).to.deep.equal(expected);
    expect((await get('?objeto=inexistente').expect(200)).body).to.deep.equal(emptyList);
  });

  it('pages with limit and cursor, and refuses a tampered cursor', async () => {
    const first = await get('?limit=3').expect(200);
    expect(first.body.totalCount).to.equal(5);
    const second = await get(`?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(second.body.nextCursor).to.equal(null);
    expect([...first.body.items, ...second.body.items].map((c: { id: number }) => c.id)).to.deep.equal(await ids('limit=500'));
    expect((await get('?cursor=abc').expect(400)).body).to.deep.equal(invalidCursorProblem);
  });

  it('answers bad filters with 422 naming each field, unknown parameters with 400, a missing id with 404', async () => {
    const bad = await get('?modalidade=99&valorEstimadoMin=1.234&dataPublicacaoDe=2025-02-30&fase=x&limit=0').expect(422);
    expect(bad.body).to.deep.equal(
      validationProblem([
        {
          field: 'modalidade',
          message: 'Modalidade inválida: use um código do PNCP de 1 a 14 ou, para contratações antigas, de 101 a 105.',
        },
        { field: 'fase', message: invalidFaseMessage },
        {
          field: 'valorEstimadoMin',
          message: 'Informe o valor estimado mínimo como texto decimal não negativo com até duas casas, por exemplo "1234.56".',
        },
        { field: 'dataPublicacaoDe', message: 'A data de publicação inicial não é uma data válida.' },
        { field: 'limit', message: 'Informe um número inteiro de 1 a 500.' },
      ]),
    );
    expect((await get('?processo=1').expect(400)).body).to.deep.equal(unknownParameterProblem(['processo']));
    expect((await get('/999999').expect(404)).body).to.deep.equal(contratacaoNotFound);
    expect((await get('/abc').expect(404)).body).to.include({ code: 'NOT_FOUND' });
  });

  it('tenancy matrix: each key sees exactly the contratações of its own and aggregated UGs', async () => {
    await expectReadMatrix(s.t, s.w, tokens, { path: '/v1/contratacoes', recordOf: (ug) => perUg.get(ug.id) ?? 0, only: 'ano=2020' });
  });
});
