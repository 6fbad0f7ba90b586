import { expect } from 'chai';
import { admissaoToApi, concessaoToApi } from '../../app/api/atos-pessoal.routes.ts';
import { AdmissoesRepository } from '../../app/atos-pessoal/admissoes.repository.ts';
import { ConcessoesRepository } from '../../app/atos-pessoal/concessoes.repository.ts';
import type { ValidationError } from '../../app/errors/app-error.ts';
import { NotFoundError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import type { ScopedCaller } from '../../app/caller.ts';
import { cpfFrom } from '../support/fixtures.ts';
import {
  admissaoFiltersSchema,
  admissaoOutputSchema,
  concessaoFiltersSchema,
  concessaoOutputSchema,
} from '../../app/atos-pessoal/atos-pessoal.schemas.ts';
import { admissao, concessao, expectRepresentation, createUgFamily, keyOf, type UgFamily } from '../support/data.ts';
import { createTestServices, rejects, type TestServices } from '../support/services.ts';

describe('AdmissoesService and ConcessoesService on a real database', () => {
  let t: TestServices;
  let ugs: UgFamily;
  let filha: ScopedCaller;
  let agregadora: ScopedCaller;
  let avulsa: ScopedCaller;

  before(async () => {
    t = await createTestServices();
    ugs = await createUgFamily(t.services);
    [filha, agregadora, avulsa] = await Promise.all([
      keyOf(t.services, ugs.filha),
      keyOf(t.services, ugs.agregadora),
      keyOf(t.services, ugs.avulsa),
    ]);
    const f = ugs.filha.id;
    await new AdmissoesRepository(t.database.db).insertMany([
      admissao(f, 1, {
        numeroProcesso: '01234/2025-1',
        numeroCertidao: 'C-77/2025',
        numeroDecisao: 'DEC-1/2025',
        situacao: 'registrado',
        dataHomologacao: '2025-01-20',
      }),
      admissao(f, 2, { anoReferencia: 2024, tipoAto: 'processo_seletivo' }),
      admissao(ugs.agregadora.id, 3),
      admissao(ugs.avulsa.id, 1),
    ]);
    await new ConcessoesRepository(t.database.db).insertMany([
      concessao(f, 10, { numeroProcesso: '04321/2025-9', numeroDecisao: 'DEC-9/2025' }),
      concessao(f, 11, { tipo: 'pensao', subtipo: 'vitalicia', valor: null, numeroCertidao: 'C-88/2025' }),
      concessao(ugs.avulsa.id, 10),
    ]);
  });
  after(() => t.close());

  // The filters as a surface hands them over: parsed (query strings coerced) by the domain's schema; the default page size.
  const servidores = async (caller: ScopedCaller, filters: Record<string, unknown> = {}) =>
    (await t.services.admissoes.list(caller, { filters: parseInput(admissaoFiltersSchema, filters), limit: 50 })).items.map(
      (a) => a.servidor.nome,
    );
  const beneficiarios = async (caller: ScopedCaller, filters: Record<string, unknown> = {}) =>
    (await t.services.concessoes.list(caller, { filters: parseInput(concessaoFiltersSchema, filters), limit: 50 })).items.map(
      (c) => c.beneficiario.nome,
    );

  it('lists atos de admissão of the visible UGs only', async () => {
    expect(await servidores(filha)).to.deep.equal(['Servidor 1', 'Servidor 2']);
    expect(await servidores(agregadora)).to.deep.equal(['Servidor 1', 'Servidor 2', 'Servidor 3']);
    expect(await servidores(avulsa)).to.deep.equal(['Servidor 1']);
    expect(await servidores(filha, { ugId: ugs.avulsa.id })).to.deep.equal([]);
  });

  it('filters admissões by the Tribunal’s fields: CPF (masked or not), processo, certidão, decisão, ano, situação, tipo', async () => {
    const cpf = cpfFrom(1);
    expect(await servidores(agregadora, { cpf: `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}` })).to.deep.equal(
      ['Servidor 1'],
    );
    expect(await servidores(agregadora, { numeroProcesso: '01234/2025-1' })).to.deep.equal(['Servidor 1']);
    expect(await servidores(agregadora, { numeroCertidao: 'C-77/2025' })).to.deep.equal(['Servidor 1']);
    expect(await servidores(agregadora, { numeroDecisao: 'DEC-1/2025' })).to.deep.equal(['Servidor 1']);
    expect(await servidores(agregadora, { anoReferencia: '2024' })).to.deep.equal(['Servidor 2']);
    expect(await servidores(agregadora, { situacao: 'em_analise', tipoAto: 'concurso_publico' })).to.deep.equal(['Servidor 3']);
  });

  it('returns one ato de admissão with its dates, and another UG’s as not found', async () => {
    const [first] = (await t.services.admissoes.list(filha, { filters: { numeroProcesso: '01234/2025-1' }, limit: 50 })).items;
    const found = await t.services.admissoes.get(agregadora, first?.id ?? 0);
    expect(found).to.deep.include({
      cargo: 'Professor',
      tipoAto: 'concurso_publico',
      dataHomologacao: '2025-01-20',
      situacao: 'registrado',
      anoReferencia: 2025,
    });
    expectRepresentation(admissaoOutputSchema, admissaoToApi(found));
    const err = await rejects(t.services.admissoes.get(avulsa, first?.id ?? 0));
    expect(err).to.be.instanceOf(NotFoundError);
    expect((err as NotFoundError).message).to.equal('Ato de admissão não encontrado.');
  });

  it('lists and filters concessões alike, with the monthly value as a decimal string', async () => {
    expect(await beneficiarios(filha)).to.deep.equal(['Beneficiário 10', 'Beneficiário 11']);
    expect(await beneficiarios(filha, { tipo: 'pensao' })).to.deep.equal(['Beneficiário 11']);
    expect(await beneficiarios(filha, { cpf: cpfFrom(10) })).to.deep.equal(['Beneficiário 10']);
    expect(await beneficiarios(filha, { numeroDecisao: 'DEC-9/2025', numeroProcesso: '04321/2025-9' })).to.deep.equal(['Beneficiário 10']);
    expect(await beneficiarios(filha, { numeroCertidao: 'C-88/2025' })).to.deep.equal(['Beneficiário 11']);
    const [first, second] = (await t.services.concessoes.list(filha, { filters: {}, limit: 50 })).items;
    if (!first || !second) throw new Error('expected two concessões');
    expect(await t.services.concessoes.get(filha, first.id)).to.deep.include({
      tipo: 'aposentadoria',
      subtipo: 'voluntaria',
      valor: '4321.09',
      dataConcessao: '2025-02-01',
    });
    expect(second?.valor).to.equal(null);
    expectRepresentation(concessaoOutputSchema, concessaoToApi(second));
    expect(await rejects(t.services.concessoes.get(avulsa, first.id))).to.be.instanceOf(NotFoundError);
  });

  it('refuses an invalid CPF or an unknown tipo with pt-BR messages', async () => {
    const err = await rejects(
      (async () => parseInput(concessaoFiltersSchema, { cpf: '111.111.111-11', tipo: 'auxilio', anoReferencia: 'x' }))(),
    );
    expect((err as ValidationError).fields).to.deep.equal({
      cpf: 'CPF inválido: confira os dígitos verificadores.',
      tipo: 'Valor inválido para o tipo de benefício: use aposentadoria, pensao, reforma, reserva.',
      anoReferencia: 'Informe o ano de referência.',
    });
  });
});
