import { expect } from 'chai';
import type { ScopedCaller } from '../../app/caller.ts';
import { z } from 'zod';
import { pageParams } from '../../app/api/pagination.ts';
import { ContratacoesRepository } from '../../app/contratacoes/contratacoes.repository.ts';
import { contratacaoFiltersSchema } from '../../app/contratacoes/contratacoes.schemas.ts';
import type { ValidationError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { contratacaoData, createUgFamily, keyOf, type UgFamily } from '../support/data.ts';
import { createTestServices, rejects, type TestServices } from '../support/services.ts';

describe('ContratacoesService: lists, filters and keyset pages', () => {
  let t: TestServices;
  let ugs: UgFamily;
  let filha: ScopedCaller;
  let agregadora: ScopedCaller;
  let avulsa: ScopedCaller;
  const ids: Record<string, number> = {};

  before(async () => {
    t = await createTestServices();
    ugs = await createUgFamily(t.services);
    [filha, agregadora, avulsa] = await Promise.all([
      keyOf(t.services, ugs.filha),
      keyOf(t.services, ugs.agregadora),
      keyOf(t.services, ugs.avulsa),
    ]);
    const add = async (name: string, caller: ScopedCaller, overrides: Record<string, unknown>) => {
      ids[name] = (await t.services.contratacoes.create(caller, contratacaoData({ numeroProcesso: name, ...overrides }))).contratacao.id;
    };
    await add('papel', filha, {
      objeto: 'Compra de PAPEL A4',
      valorEstimado: '100.00',
      valorContratado: '90.00',
      dataPublicacao: '2025-01-15',
    });
    await add('obra', filha, {
      ano: 2024,
      modalidade: 4,
      fase: 'edital_licitacao',
      objeto: 'Obra 100% concluída',
      valorEstimado: '5000000.00',
      valorContratado: null,
      dataPublicacao: '2024-06-01',
      dataAssinatura: '2024-07-01',
    });
    await add('direta', filha, {
      modalidade: 8,
      fase: 'contratacao_direta',
      objeto: 'Serviço de limpeza',
      valorEstimado: '20000.00',
      valorContratado: '19999.99',
      dataPublicacao: '2025-09-30',
    });
    await add('antiga', filha, {
      ano: 2019,
      nllc: false,
      modalidade: 102,
      objeto: 'Reforma da escola',
      valorEstimado: null,
      valorContratado: '300000.00',
      dataPublicacao: null,
    });
    await add('agregadora', agregadora, { objeto: 'Consultoria', valorContratado: '50.00' });
    await add('avulsa', avulsa, { objeto: 'Compra de papel', valorContratado: '90.00' });
    await new ContratacoesRepository(t.database.db).setSituacao(ids.direta as number, 'homologada');
  });
  after(() => t.close());

  const names = async (caller: ScopedCaller, filters: Record<string, unknown>) => {
    // The filters as a surface hands them over: parsed (query strings coerced) by the domain's schema.
    const page = await t.services.contratacoes.list(caller, { filters: parseInput(contratacaoFiltersSchema, filters), limit: 500 });
    expect(page.totalCount).to.equal(page.items.length);
    const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return page.items.map((item) => byId[item.id]);
  };

  it('lists only the visible UGs, in id order', async () => {
    expect(await names(filha, {})).to.deep.equal(['papel', 'obra', 'direta', 'antiga']);
    expect(await names(agregadora, {})).to.deep.equal(['papel', 'obra', 'direta', 'antiga', 'agregadora']);
    expect(await names(avulsa, {})).to.deep.equal(['avulsa']);
  });

  it('filters by UG, and a UG outside the visible set lists nothing', async () => {
    expect(await names(agregadora, { ugId: ugs.agregadora.id })).to.deep.equal(['agregadora']);
    expect(await names(agregadora, { ugId: String(ugs.filha.id) })).to.have.length(4);
    expect(await names(filha, { ugId: ugs.avulsa.id })).to.deep.equal([]);
    expect(await names(filha, { ugId: ugs.agregadora.id })).to.deep.equal([]);
  });

  it('filters by ano, modalidade, fase and situação (query strings coerced)', async () => {
    expect(await names(filha, { ano: '2024' })).to.deep.equal(['obra']);
    expect(await names(filha, { modalidade: '102' })).to.deep.equal(['antiga']);
    expect(await names(filha, { fase: 'contratacao_direta' })).to.deep.equal(['direta']);
    expect(await names(filha, { situacao: 'homologada' })).to.deep.equal(['direta']);
    expect(await names(filha, { situacao: 'nao_ha_dados_homologados', ano: 2025 })).to.deep.equal(['papel']);
  });

  it('finds text in the objeto, ignoring case and accents, taking % and _ literally', async () => {
    expect(await names(agregadora, { objeto: 'papel' })).to.deep.equal(['papel']);
    expect(await names(filha, { objeto: '100%' })).to.deep.equal(['obra']);
    expect(await names(filha, { objeto: '_' })).to.deep.equal([]);
    expect(await names(filha, { objeto: 'SERVIÇO DE LIMPEZA' })).to.deep.equal(['direta']);
    expect(await names(filha, { objeto: 'servico de limpeza' })).to.deep.equal(['direta']);
  });

  it('filters by value ranges, exactly at the bounds', async () => {
    expect(await names(filha, { valorContratadoMin: '90.00', valorContratadoMax: '19999.99' })).to.deep.equal(['papel', 'direta']);
    expect(await names(filha, { valorContratadoMin: '90.01' })).to.deep.equal(['direta', 'antiga']);
    expect(await names(filha, { valorEstimadoMax: '20000' })).to.deep.equal(['papel', 'direta']);
    expect(await names(filha, { valorEstimadoMin: '1000000' })).to.deep.equal(['obra']);
  });

  it('filters by date ranges, inclusive', async () => {
    expect(await names(filha, { dataPublicacaoDe: '2025-01-15', dataPublicacaoAte: '2025-09-30' })).to.deep.equal(['papel', 'direta']);
    expect(await names(filha, { dataPublicacaoAte: '2025-01-14' })).to.deep.equal(['obra']);
    expect(await names(filha, { dataAssinaturaDe: '2024-07-01', dataAssinaturaAte: '2024-07-01' })).to.deep.equal(['obra']);
  });

  it('pages by id with a stable total, without skipping or repeating', async () => {
    const seen: number[] = [];
    let afterId: number | undefined;
    for (let page = 0; page < 5; page++) {
      const result = await t.services.contratacoes.list(agregadora, { filters: {}, afterId, limit: 2 });
      expect(result.totalCount).to.equal(5);
      seen.push(...result.items.map((c) => c.id));
      if (result.nextAfterId === null) break;
      afterId = result.nextAfterId;
    }
    expect(seen).to.deep.equal(Object.values(ids).filter((id) => id !== ids.avulsa));
    const last = await t.services.contratacoes.list(agregadora, { filters: {}, afterId: ids.antiga, limit: 1 });
    expect(last.items.map((c) => c.id)).to.deep.equal([ids.agregadora]);
    expect(last.nextAfterId).to.equal(null);
  });

  it('refuses bad filters, unknown filters and bad page sizes with pt-BR messages', async () => {
    const parsed = async (schema: z.ZodType, input: unknown) => parseInput(schema, input);
    const err = await rejects(
      parsed(contratacaoFiltersSchema, { ano: 'dois mil', valorContratadoMin: '1,5', dataPublicacaoDe: '15/01/2025', cor: 'azul' }),
    );
    expect((err as ValidationError).fields).to.deep.equal({
      ano: 'Informe o ano do processo (número inteiro).',
      valorContratadoMin: 'Informe o valor contratado mínimo como texto decimal não negativo com até duas casas, por exemplo "1234.56".',
      dataPublicacaoDe: 'Informe a data de publicação inicial no formato AAAA-MM-DD.',
      _: 'Campo desconhecido: cor.',
    });
    // The page size has one rule, the API's `limit` (the service takes a parsed page).
    const limit = await rejects(parsed(z.object(pageParams), { limit: 501 }));
    expect((limit as ValidationError).fields).to.deep.equal({ limit: 'Informe um número inteiro de 1 a 500.' });
  });
});
