import { expect } from 'chai';
import { tipoRemessaCodes } from '../../app/remessas/remessas.codes.ts';
import { RemessasRepository } from '../../app/remessas/remessas.repository.ts';
import { invalidCursorProblem, problem, unknownParameterProblem, validationProblem } from '../support/problems.ts';
import { emptyList, expectReadMatrix, worldUgs } from '../support/read-matrix.ts';
import { apiCall } from '../support/api.ts';
import { remessa } from '../support/data.ts';
import { matrixTokens, createTenancyTest, type TenancyTest } from '../support/tenancy.ts';

const at = new Date('2025-06-01T12:00:00Z');
const notFound = problem(404, 'Não encontrado', 'NOT_FOUND', 'Remessa não encontrada.');

const listIds = (body: { items: Array<{ id: number }> }) => body.items.map((r) => r.id);

describe('GET /api/v1/remessas', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  let tokens: Awaited<ReturnType<typeof matrixTokens>>;
  /** The world's one remessa per UG, then the own UG's: ids in insertion order. */
  let perUg: Map<number, number>;
  let own: number[];

  before(async () => {
    tokens = await matrixTokens(s.t, s.w);
    const repo = new RemessasRepository(s.t.database.db);
    await repo.insertMany(worldUgs(s.w).map((ug) => remessa(ug.id, 'folha_pagamento', '2024-12', 'homologada')));
    await repo.insertMany([
      remessa(s.w.own.id, 'prestacao_contas_mensal', '2025-01', 'processada_com_impedimento', {
        protocolo: 'PCM-2025-000002',
        enviadaEm: new Date('2025-02-10T10:00:00Z'),
        processadaEm: new Date('2025-02-10T10:05:00Z'),
        consistencias: [
          { codigo: 'PCM-001', mensagem: 'Balancete sem assinatura do contador.', impeditiva: true },
          { codigo: 'PCM-112', mensagem: 'Saldo bancário divergente do extrato.', impeditiva: false },
        ],
      }),
      remessa(s.w.own.id, 'prestacao_contas_anual', '2024', 'aguardando_envio'),
      remessa(s.w.own.id, 'admissao', '2025-03', 'concluida'),
    ]);
    const rows = await s.t.database.db('remessas').orderBy('id').select<Array<{ id: number; ug_id: number }>>('id', 'ug_id');
    perUg = new Map(rows.slice(0, 5).map((r) => [r.ug_id, r.id]));
    own = rows.slice(5).map((r) => r.id);
  });

  const get = (path: string, key: keyof typeof tokens = 'own-leitura') => apiCall(s.t.app, tokens[key], 'get', `/v1/remessas${path}`);

  it('shows a remessa with its situação, protocolo, the time of each step and its consistências', async () => {
    const res = await get(`/${own[0]}`)
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.body).to.deep.equal({
      id: own[0],
      ugId: s.w.own.id,
      tipo: 'prestacao_contas_mensal',
      competencia: '2025-01',
      situacao: 'processada_com_impedimento',
      protocolo: 'PCM-2025-000002',
      enviadaEm: '2025-02-10T10:00:00.000Z',
      processadaEm: '2025-02-10T10:05:00.000Z',
      homologadaEm: null,
      encerradaEm: null,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      consistencias: [
        { codigo: 'PCM-001', mensagem: 'Balancete sem assinatura do contador.', impeditiva: true },
        { codigo: 'PCM-112', mensagem: 'Saldo bancário divergente do extrato.', impeditiva: false },
      ],
    });
  });

  it('lists without consistências, in id order, and filters by UG, tipo, situação and competência range', async () => {
    const all = await get('').expect(200);
    expect(listIds(all.body)).to.deep.equal([perUg.get(s.w.own.id), perUg.get(s.w.child.id), ...own]);
    expect(all.body.items[2]).to.not.have.property('consistencias');
    expect(listIds((await get(`?ugId=${s.w.child.id}`).expect(200)).body)).to.deep.equal([perUg.get(s.w.child.id)]);
    expect(listIds((await get('?tipo=admissao').expect(200)).body)).to.deep.equal([own[2]]);
    expect(listIds((await get('?situacao=homologada').expect(200)).body)).to.deep.equal([perUg.get(s.w.own.id), perUg.get(s.w.child.id)]);
    expect(listIds((await get('?competenciaDe=2025-01&competenciaAte=2025-02').expect(200)).body)).to.deep.equal([own[0]]);
    // A bare year as the end covers its months; as the start, it includes the annual remessa of that year.
    expect(listIds((await get('?competenciaDe=2024&competenciaAte=2024').expect(200)).body)).to.deep.equal([
      perUg.get(s.w.own.id),
      perUg.get(s.w.child.id),
      own[1],
    ]);
    expect((await get('?tipo=concessao_beneficio').expect(200)).body).to.deep.equal(emptyList);
  });

  it('pages with limit and cursor, and refuses a tampered cursor', async () => {
    const first = await get('?limit=2').expect(200);
    expect(first.body.totalCount).to.equal(5);
    const second = await get(`?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    const third = await get(`?limit=2&cursor=${encodeURIComponent(second.body.nextCursor)}`).expect(200);
    expect(third.body.nextCursor).to.equal(null);
    expect([...listIds(first.body), ...listIds(second.body), ...listIds(third.body)]).to.deep.equal(
      listIds((await get('').expect(200)).body),
    );
    const res = await get(`?cursor=${encodeURIComponent(`${first.body.nextCursor}x`)}`).expect(400);
    expect(res.body).to.deep.equal(invalidCursorProblem);
  });

  it('answers bad filters with 422 naming each field, and unknown parameters with 400', async () => {
    const bad = await get('?tipo=mensal&competenciaDe=2025-13&ugId=abc').expect(422);
    expect(bad.body).to.deep.equal(
      validationProblem([
        { field: 'ugId', message: 'O identificador da unidade gestora é inválido.' },
        { field: 'tipo', message: `Valor inválido para o tipo: use ${tipoRemessaCodes.join(', ')}.` },
        { field: 'competenciaDe', message: 'Informe a competência inicial no formato AAAA-MM ou AAAA.' },
      ]),
    );
    expect((await get('?ug=1').expect(400)).body).to.deep.equal(unknownParameterProblem(['ug']));
  });

  it('answers a missing remessa, or an id that cannot exist, with 404', async () => {
    for (const id of ['999999', 'abc', '0']) {
      const res = await get(`/${id}`).expect(404);
      expect(res.body, id).to.include({ status: 404, code: 'NOT_FOUND' });
    }
    expect((await get('/999999').expect(404)).body).to.deep.equal(notFound);
  });

  it('tenancy matrix: each key sees exactly the remessas of its own and aggregated UGs', async () => {
    await expectReadMatrix(s.t, s.w, tokens, {
      path: '/v1/remessas',
      recordOf: (ug) => perUg.get(ug.id) ?? 0,
      only: 'tipo=folha_pagamento',
    });
  });
});
