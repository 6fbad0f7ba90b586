import { expect } from 'chai';
import { AdmissoesRepository, type AtoAdmissao } from '../../app/atos-pessoal/admissoes.repository.ts';
import type { NewAto } from '../../app/atos-pessoal/atos-pessoal.repository.ts';
import { ConcessoesRepository, type ConcessaoBeneficio } from '../../app/atos-pessoal/concessoes.repository.ts';
import { cpfFrom } from '../support/fixtures.ts';
import { problem, unknownParameterProblem, validationProblem } from '../support/problems.ts';
import { emptyList, expectReadMatrix, worldUgs } from '../support/read-matrix.ts';
import { apiCall } from '../support/api.ts';
import { admissao, atoStoredAt, concessao } from '../support/data.ts';
import { matrixTokens, createTenancyTest, type TenancyTest } from '../support/tenancy.ts';

/** The ato of the own UG the filters find: the Tribunal's numbers, a CPF and a year of its own. */
const numbered = {
  numeroProcesso: '01234/2025-1',
  numeroCertidao: 'C-77/2025',
  numeroDecisao: 'DEC-1/2025',
  anoReferencia: 2025,
  situacao: 'registrado',
} as const;

const common = (id: number, ugId: number) => ({
  id,
  ugId,
  ...numbered,
  dataPublicacao: null,
  createdAt: atoStoredAt.toISOString(),
  updatedAt: atoStoredAt.toISOString(),
});

const resources = [
  {
    name: 'admissoes',
    notFound: 'Ato de admissão não encontrado.',
    table: 'atos_admissao',
    async seed(repos: { admissoes: { insertMany(items: Array<NewAto<AtoAdmissao>>): Promise<void> } }, ugIds: number[], own: number) {
      await repos.admissoes.insertMany([
        ...ugIds.map((ugId, i) => admissao(ugId, i + 1, { anoReferencia: 2024 })),
        admissao(own, 77, { ...numbered, tipoAto: 'processo_seletivo' }),
      ]);
    },
    expected: (id: number, ugId: number) => ({
      ...common(id, ugId),
      servidor: { cpf: cpfFrom(77), nome: 'Servidor 77' },
      cargo: 'Professor',
      tipoAto: 'processo_seletivo',
      dataHomologacao: null,
    }),
    ownFilter: 'tipoAto=processo_seletivo',
  },
  {
    name: 'concessoes',
    notFound: 'Concessão de benefício não encontrada.',
    table: 'concessoes_beneficio',
    async seed(
      repos: { concessoes: { insertMany(items: Array<NewAto<ConcessaoBeneficio>>): Promise<void> } },
      ugIds: number[],
      own: number,
    ) {
      await repos.concessoes.insertMany([
        ...ugIds.map((ugId, i) => concessao(ugId, i + 1, { anoReferencia: 2024 })),
        concessao(own, 77, { ...numbered, tipo: 'pensao', subtipo: 'vitalicia', valor: null }),
      ]);
    },
    expected: (id: number, ugId: number) => ({
      ...common(id, ugId),
      beneficiario: { cpf: cpfFrom(77), nome: 'Beneficiário 77' },
      tipo: 'pensao',
      subtipo: 'vitalicia',
      fundamentoLegal: 'Art. 40, § 1º, III, da Constituição Federal',
      dataConcessao: '2025-02-01',
      valor: null,
    }),
    ownFilter: 'tipo=pensao',
  },
] as const;

for (const r of resources) {
  describe(`GET /api/v1/atos-pessoal/${r.name}`, () => {
    let s: TenancyTest;
    before(async () => {
      s = await createTenancyTest();
    });
    after(() => s.t.close());
    let tokens: Awaited<ReturnType<typeof matrixTokens>>;
    let perUg: Map<number, number>;
    let numberedId: number;

    before(async () => {
      tokens = await matrixTokens(s.t, s.w);
      const repos = { admissoes: new AdmissoesRepository(s.t.database.db), concessoes: new ConcessoesRepository(s.t.database.db) };
      await r.seed(
        repos,
        worldUgs(s.w).map((ug) => ug.id),
        s.w.own.id,
      );
      const rows = await s.t.database.db(r.table).orderBy('id').select<Array<{ id: number; ug_id: number }>>('id', 'ug_id');
      perUg = new Map(rows.slice(0, 5).map((row) => [row.ug_id, row.id]));
      numberedId = rows[5]?.id ?? 0;
    });

    const get = (path: string) => apiCall(s.t.app, tokens['own-leitura'], 'get', `/v1/atos-pessoal/${r.name}${path}`);
    const ids = async (query: string) =>
      ((await get(`?${query}`).expect(200)).body as { items: Array<{ id: number }> }).items.map((a) => a.id);

    it('shows one ato with the Tribunal’s numbers, the person and the situação', async () => {
      const res = await get(`/${numberedId}`)
        .expect(200)
        .expect('Content-Type', /application\/json/);
      expect(res.body).to.deep.equal(r.expected(numberedId, s.w.own.id));
    });

    it('filters as the Tribunal’s consultation: CPF (with or without mask), processo, certidão, decisão, ano de referência, UG', async () => {
      const cpf = cpfFrom(77);
      const masked = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
      for (const query of [
        `cpf=${cpf}`,
        `cpf=${encodeURIComponent(masked)}`,
        'numeroProcesso=01234%2F2025-1',
        'numeroCertidao=C-77%2F2025',
        'numeroDecisao=DEC-1%2F2025',
        'anoReferencia=2025',
        'situacao=registrado',
        r.ownFilter,
      ]) {
        expect(await ids(query), query).to.deep.equal([numberedId]);
      }
      expect(await ids(`ugId=${s.w.child.id}`)).to.deep.equal([perUg.get(s.w.child.id)]);
      expect(await ids('')).to.deep.equal([perUg.get(s.w.own.id), perUg.get(s.w.child.id), numberedId]);
      expect((await get('?numeroProcesso=99999%2F2099').expect(200)).body).to.deep.equal(emptyList);
    });

    it('answers bad filters with 422 naming each field, unknown parameters with 400, a missing ato with 404', async () => {
      const bad = await get('?cpf=11111111112&anoReferencia=20x5').expect(422);
      expect(bad.body).to.deep.equal(
        validationProblem([
          { field: 'cpf', message: 'CPF inválido: confira os dígitos verificadores.' },
          { field: 'anoReferencia', message: 'Informe o ano de referência.' },
        ]),
      );
      expect((await get('?servidorCpf=1').expect(400)).body).to.deep.equal(unknownParameterProblem(['servidorCpf']));
      expect((await get('/999999').expect(404)).body).to.deep.equal(problem(404, 'Não encontrado', 'NOT_FOUND', r.notFound));
    });

    it('tenancy matrix: each key sees exactly the atos of its own and aggregated UGs', async () => {
      await expectReadMatrix(s.t, s.w, tokens, {
        path: `/v1/atos-pessoal/${r.name}`,
        recordOf: (ug) => perUg.get(ug.id) ?? 0,
        only: 'anoReferencia=2024',
      });
    });
  });
}
