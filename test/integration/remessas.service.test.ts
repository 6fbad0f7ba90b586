import { expect } from 'chai';
import type { ScopedCaller } from '../../app/caller.ts';
import type { ValidationError } from '../../app/errors/app-error.ts';
import { NotFoundError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { remessaDetalheToApi, remessaToApi } from '../../app/api/remessas.routes.ts';
import { RemessasRepository } from '../../app/remessas/remessas.repository.ts';
import { remessaDetalheOutputSchema, remessaFiltersSchema, remessaOutputSchema } from '../../app/remessas/remessas.schemas.ts';
import { expectRepresentation, createUgFamily, keyOf, remessa, type UgFamily } from '../support/data.ts';
import { createTestServices, rejects, type TestServices } from '../support/services.ts';

describe('RemessasService on a real database', () => {
  let t: TestServices;
  let ugs: UgFamily;
  let filha: ScopedCaller;
  let agregadora: ScopedCaller;
  let irma: ScopedCaller;

  before(async () => {
    t = await createTestServices();
    ugs = await createUgFamily(t.services);
    [filha, agregadora, irma] = await Promise.all([
      keyOf(t.services, ugs.filha),
      keyOf(t.services, ugs.agregadora),
      keyOf(t.services, ugs.irma),
    ]);
    const f = ugs.filha.id;
    await new RemessasRepository(t.database.db).insertMany([
      remessa(f, 'prestacao_contas_mensal', '2025-01', 'homologada', {
        protocolo: 'PCM-2025-000001',
        enviadaEm: new Date('2025-02-10T10:00:00Z'),
        processadaEm: new Date('2025-02-10T10:05:00Z'),
        homologadaEm: new Date('2025-02-11T09:00:00Z'),
        consistencias: [{ codigo: 'PCM-112', mensagem: 'Saldo bancário divergente do extrato.', impeditiva: false }],
      }),
      remessa(f, 'prestacao_contas_mensal', '2025-02', 'processada_com_impedimento', {
        protocolo: 'PCM-2025-000002',
        consistencias: [
          { codigo: 'PCM-001', mensagem: 'Balancete sem assinatura do contador.', impeditiva: true },
          { codigo: 'PCM-112', mensagem: 'Saldo bancário divergente do extrato.', impeditiva: false },
        ],
      }),
      remessa(f, 'folha_pagamento', '2025-03', 'em_processamento'),
      remessa(f, 'prestacao_contas_anual', '2024', 'aguardando_envio'),
      remessa(f, 'admissao', '2025-12', 'concluida'),
      remessa(ugs.agregadora.id, 'prestacao_contas_mensal', '2025-01', 'declarada_vazia'),
      remessa(ugs.irma.id, 'prestacao_contas_mensal', '2025-01', 'processada_livre_de_impedimento'),
    ]);
  });
  after(() => t.close());

  /** A page as a surface asks for it: no filters, the default size. */
  const all = { filters: {}, limit: 50 };
  const keys = async (caller: ScopedCaller, filters: Record<string, unknown> = {}) => {
    const page = await t.services.remessas.list(caller, { ...all, filters: parseInput(remessaFiltersSchema, filters) });
    return page.items.map((r) => `${r.tipo}:${r.competencia}:${r.situacao}`);
  };

  it('lists the visible UGs’ remessas in id order, with competência as AAAA-MM or AAAA', async () => {
    expect(await keys(filha)).to.deep.equal([
      'prestacao_contas_mensal:2025-01:homologada',
      'prestacao_contas_mensal:2025-02:processada_com_impedimento',
      'folha_pagamento:2025-03:em_processamento',
      'prestacao_contas_anual:2024:aguardando_envio',
      'admissao:2025-12:concluida',
    ]);
    expect((await t.services.remessas.list(agregadora, all)).totalCount).to.equal(7);
    expect(await keys(irma)).to.deep.equal(['prestacao_contas_mensal:2025-01:processada_livre_de_impedimento']);
  });

  it('filters by UG, tipo and situação; another UG lists nothing', async () => {
    expect(await keys(agregadora, { ugId: ugs.agregadora.id })).to.deep.equal(['prestacao_contas_mensal:2025-01:declarada_vazia']);
    expect(await keys(filha, { ugId: ugs.irma.id })).to.deep.equal([]);
    expect(await keys(agregadora, { tipo: 'prestacao_contas_mensal', situacao: 'homologada' })).to.deep.equal([
      'prestacao_contas_mensal:2025-01:homologada',
    ]);
  });

  it('filters by competência range; a bare year as the end covers its months', async () => {
    expect(await keys(filha, { competenciaDe: '2025-02', competenciaAte: '2025-03' })).to.deep.equal([
      'prestacao_contas_mensal:2025-02:processada_com_impedimento',
      'folha_pagamento:2025-03:em_processamento',
    ]);
    expect(await keys(filha, { competenciaAte: '2024' })).to.deep.equal(['prestacao_contas_anual:2024:aguardando_envio']);
    expect(await keys(filha, { competenciaDe: '2025', competenciaAte: '2025' })).to.have.length(4);
  });

  it('returns one remessa with its consistências and the timestamp of each step', async () => {
    const [first, second] = (await t.services.remessas.list(filha, { ...all, limit: 2 })).items;
    if (!first || !second) throw new Error('expected two remessas');
    const detalhe = await t.services.remessas.get(filha, second.id);
    expect(detalhe.consistencias).to.deep.equal([
      { codigo: 'PCM-001', mensagem: 'Balancete sem assinatura do contador.', impeditiva: true },
      { codigo: 'PCM-112', mensagem: 'Saldo bancário divergente do extrato.', impeditiva: false },
    ]);
    const homologada = await t.services.remessas.get(agregadora, first.id);
    expect(homologada).to.deep.include({ protocolo: 'PCM-2025-000001', homologadaEm: new Date('2025-02-11T09:00:00Z'), encerradaEm: null });
    expect(homologada.consistencias).to.have.length(1);
    expectRepresentation(remessaDetalheOutputSchema, remessaDetalheToApi(homologada));
    expectRepresentation(remessaOutputSchema, remessaToApi(first));
  });

  it('answers another UG’s remessa exactly as a missing one', async () => {
    const [own] = (await t.services.remessas.list(filha, { ...all, limit: 1 })).items;
    for (const attempt of [() => t.services.remessas.get(irma, own?.id ?? 0), () => t.services.remessas.get(filha, 999999)]) {
      const err = await rejects(attempt());
      expect(err).to.be.instanceOf(NotFoundError);
      expect((err as NotFoundError).message).to.equal('Remessa não encontrada.');
    }
  });

  it('pages by id', async () => {
    const first = await t.services.remessas.list(filha, { ...all, limit: 3 });
    expect(first).to.include({ totalCount: 5 });
    const second = await t.services.remessas.list(filha, { ...all, limit: 3, afterId: first.nextAfterId ?? undefined });
    expect(second.nextAfterId).to.equal(null);
    expect([...first.items, ...second.items].map((r) => r.id)).to.deep.equal(
      (await t.services.remessas.list(filha, all)).items.map((r) => r.id),
    );
  });

  it('keeps several remessas of one tipo and competência (a resent ato de pessoal), each with its own consistências', async () => {
    const avulsa = await keyOf(t.services, ugs.avulsa);
    const impeditiva = { codigo: 'ADM-002', mensagem: 'Ato de admissão sem edital de concurso correspondente.', impeditiva: true };
    await new RemessasRepository(t.database.db).insertMany([
      remessa(ugs.avulsa.id, 'admissao', '2025-05', 'cancelada', { consistencias: [impeditiva] }),
      remessa(ugs.avulsa.id, 'admissao', '2025-05', 'concluida'),
    ]);
    const { items } = await t.services.remessas.list(avulsa, all);
    const detalhes = await Promise.all(items.map((r) => t.services.remessas.get(avulsa, r.id)));
    expect(detalhes.map((r) => [r.situacao, r.consistencias.length])).to.deep.equal([
      ['cancelada', 1],
      ['concluida', 0],
    ]);
  });

  it('refuses bad filters with pt-BR messages', async () => {
    const err = await rejects(
      (async () => parseInput(remessaFiltersSchema, { tipo: 'mensal', competenciaDe: '2025-13', situacao: 'ok' }))(),
    );
    expect((err as ValidationError).fields).to.have.keys('tipo', 'competenciaDe', 'situacao');
    expect((err as ValidationError).fields.competenciaDe).to.equal('Informe a competência inicial no formato AAAA-MM ou AAAA.');
  });
});
