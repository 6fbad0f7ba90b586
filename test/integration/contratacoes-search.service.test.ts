import { expect } from 'chai';
import type { ScopedCaller } from '../../app/caller.ts';
import { ContratacoesRepository, type NewContratacao } from '../../app/contratacoes/contratacoes.repository.ts';
import { searchable } from '../../app/db/keyset.ts';
import { COUNT_LIMIT } from '../../app/db/page.ts';
import { contratacaoData, createUgFamily, keyOf, type UgFamily } from '../support/data.ts';
import { createTestServices, keyCaller, type TestServices } from '../support/services.ts';

/**
 * The `objeto` search goes through each database's index (pg_trgm on PostgreSQL, FTS5 trigrams on SQLite, migration
 * 0013), which only narrows the rows: the answer must be exactly the substring match on the folded text, as it was
 * when every row was read. Checked against that definition, computed here, for texts of every kind.
 */
const objetos = [
  'Aquisição de gêneros alimentícios para a merenda escolar',
  'AQUISICAO DE PAPEL A4',
  'Serviço de limpeza e conservação',
  'Obra 100% concluída',
  'Cota_parte do ICMS',
  'Barra \\ invertida no objeto',
  'Aspas "duplas" no objeto',
  'Straße und Maß',
  'ÅNGSTRÖM Øresund',
  'Pão de queijo, café e açúcar',
  '数据 中心',
  'ab',
  'Locação de imóvel — Secretaria de Saúde',
  'Kit 😀 festa junina',
  `Objeto longo ${'y'.repeat(190)}`,
];
const texts = [
  'a',
  'ab',
  'aq',
  'aqu',
  'aquisicao',
  'AQUISIÇÃO',
  'ção',
  'cao de',
  'de ',
  ' de ',
  '100%',
  '%',
  '_',
  'a_p',
  'ta_p',
  '\\',
  '\\ inv',
  '"duplas"',
  '"',
  'straße',
  'MAß',
  'angstrom',
  'øre',
  'cafe e acucar',
  '数据',
  '数据 中',
  'imovel — sec',
  'saude',
  'helicoptero',
  'objeto',
  '   ',
  '😀',
  '😀 fe',
  'y'.repeat(200),
  'o longo yyy',
];

describe('ContratacoesService: the objeto search through the index gives the same answers as reading every row', function () {
  this.timeout(60_000);
  let t: TestServices;
  let ugs: UgFamily;
  let agregadora: ScopedCaller;
  let filha: ScopedCaller;
  let avulsa: ScopedCaller;
  const stored: Array<{ id: number; ugId: number; objeto: string; ano: number }> = [];

  before(async () => {
    t = await createTestServices();
    ugs = await createUgFamily(t.services);
    [agregadora, filha, avulsa] = await Promise.all([
      keyOf(t.services, ugs.agregadora),
      keyOf(t.services, ugs.filha),
      keyOf(t.services, ugs.avulsa),
    ]);
    let n = 0;
    for (const caller of [filha, agregadora, avulsa]) {
      for (const objeto of objetos) {
        n++;
        const ano = 2021 + (n % 5);
        const { contratacao } = await t.services.contratacoes.create(
          caller,
          contratacaoData({ numeroProcesso: `${n}/${ano}`, ano, objeto }),
        );
        stored.push({ id: contratacao.id, ugId: contratacao.ugId, objeto, ano });
      }
    }
    // More rows than a count reads, in the filha's UG, holding none of the texts searched: the filha's and the
    // agregadora's searches then go through the text index (the avulsa's, over its few rows, read them).
    const author = { clientId: null, userId: null, nome: 'teste' };
    const filler: NewContratacao[] = Array.from({ length: COUNT_LIMIT + 1 }, (_, i) => ({
      ...contratacaoData({ numeroProcesso: `x${i}/2025`, objeto: 'xxxxxxxxxx' }),
      ugId: ugs.filha.id,
      situacao: 'nao_ha_dados_homologados',
      author,
    }));
    await new ContratacoesRepository(t.database.db).insertMany(filler);
  });
  after(() => t.close());

  const expected = (caller: ScopedCaller, text: string, ano?: number) =>
    stored
      .filter((c) => caller.scope.visibleUgIds.includes(c.ugId) && (ano === undefined || c.ano === ano))
      .filter((c) => searchable(c.objeto).includes(searchable(text)))
      .map((c) => c.id);

  const found = async (caller: ScopedCaller, filters: { objeto: string; ano?: number }) => {
    const page = await t.services.contratacoes.list(caller, { filters, limit: 500 });
    expect(page).to.deep.include({ totalCount: page.items.length, totalCountExact: true });
    return page.items.map((c) => c.id);
  };

  it('finds each text where it occurs, any case, with or without accents, taking quotes, %, _ and \\ literally', async () => {
    for (const caller of [agregadora, filha, avulsa]) {
      for (const text of texts) expect(await found(caller, { objeto: text }), text).to.deep.equal(expected(caller, text));
    }
    expect(await found(agregadora, { objeto: 'aquisicao' })).to.have.length(4);
  });

  it('combines the text with the other filters, whether they leave few rows or many', async () => {
    for (const text of ['aquisicao', 'de', 'objeto', 'ção']) {
      for (const ano of [2021, 2023, 2025]) {
        expect(await found(agregadora, { objeto: text, ano }), `${text} ${ano}`).to.deep.equal(expected(agregadora, text, ano));
      }
    }
  });

  it('gives the same answers to a key that sees more UGs than the index query names', async () => {
    const many = keyCaller(ugs.agregadora.id, [...agregadora.scope.visibleUgIds, ...Array.from({ length: 60 }, (_, i) => 100_000 + i)]);
    for (const text of ['aquisicao', 'ção', '100%', 'ab'])
      expect(await found(many, { objeto: text }), text).to.deep.equal(expected(agregadora, text));
  });

  it('counts a common text’s matches up to the limit, then says there are more', async () => {
    const page = await t.services.contratacoes.list(filha, { filters: { objeto: 'xxx' }, limit: 2 });
    expect(page).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    expect(page.items.map((c) => c.numeroProcesso)).to.deep.equal(['x0/2025', 'x1/2025']);
  });

  it('follows every change of the objeto: a replaced text is no longer found, a deleted record neither', async () => {
    const [first] = stored;
    if (!first) throw new Error('no data');
    const current = await t.services.contratacoes.get(filha, first.id);
    const data = contratacaoData({
      numeroProcesso: current.numeroProcesso,
      ano: current.ano,
      objeto: 'Fornecimento de oxigênio medicinal',
    });
    await t.services.contratacoes.replace(filha, first.id, data);
    expect(await found(filha, { objeto: 'oxigenio' })).to.deep.equal([first.id]);
    expect(await found(filha, { objeto: 'merenda' })).to.deep.equal([]);
    await t.services.contratacoes.delete(filha, first.id);
    expect(await found(filha, { objeto: 'oxigenio' })).to.deep.equal([]);
    if (t.database.url.startsWith('postgres')) return;
    // SQLite: the FTS5 table itself follows the table (its triggers), so it never fills with rows that are gone.
    const indexed = await t.database.db.raw(`select rowid from contratacoes_busca where contratacoes_busca match '{texto} : "oxigenio"'`);
    expect(indexed).to.deep.equal([]);
  });
});

describe('migration 20261202_0013_listagens_em_escala', () => {
  it('indexes the contratações stored before it, and undoes itself', async () => {
    const t = await createTestServices();
    try {
      const { filha } = await createUgFamily(t.services);
      const caller = await keyOf(t.services, filha);
      const create = (n: number, objeto: string) =>
        t.services.contratacoes.create(caller, contratacaoData({ numeroProcesso: `${n}/2025`, objeto }));
      const { db } = t.database;
      const before = (await create(1, 'Aquisição de papel')).contratacao.id;
      await db.migrate.down({ name: '20261202_0013_listagens_em_escala' });
      const without = (await create(2, 'Papel reciclado')).contratacao.id;
      await db.migrate.latest();
      const page = await t.services.contratacoes.list(caller, { filters: { objeto: 'papel' }, limit: 50 });
      expect(page.items.map((c) => c.id)).to.deep.equal([before, without]);
    } finally {
      await t.close();
    }
  });
});
