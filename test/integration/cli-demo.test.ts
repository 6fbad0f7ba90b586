import { userCaller } from '../../app/caller.ts';
import { expect } from 'chai';
import { normalizeCnpj, normalizeCpf } from '../../app/documents/check-digits.ts';
import { situacaoRemessaCodes } from '../../app/remessas/remessas.codes.ts';
import type { Services } from '../../app/services.ts';
import { runCli } from '../support/cli.ts';
import { keyOf } from '../support/data.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

describe('cidades demo (command line)', function () {
  this.timeout(120_000);
  let t: TestServices;
  let services: Services;
  let stdout: string;

  before(async function () {
    t = await createTestServices();
    services = t.services;
    const result = await runCli(t.database.url, ['demo']);
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    stdout = result.stdout;
  });
  after(() => t.close());

  const count = async (table: string, where: Record<string, unknown> = {}) =>
    Number((await t.database.db(table).where(where).count({ n: '*' }).first())?.n);

  it('prints what it created and how to sign in, with a password that works', async function () {
    expect(stdout).to.match(/^Banco de demonstração preenchido:\n {2}32 unidades gestoras \(5 agregadoras\), [\d.]+ contratações,/);
    expect(stdout).to.include('http://localhost:3000/login');
    expect(stdout).to.include('Administrador do sistema: admin@demo.cidades.es.gov.br');
    const password = /Senha de todos: (\S+)/.exec(stdout)?.[1] ?? '';
    const admin = await services.users.authenticate({ email: 'admin@demo.cidades.es.gov.br', password }, null);
    expect(admin.isAdmin).to.equal(true);
    const gestor = await services.users.authenticate({ email: 'gestor.vitoria@demo.cidades.es.gov.br', password }, null);
    const vitoria = await services.ugs.findByCodigo('001E0100001');
    expect(vitoria.nome).to.equal('Prefeitura Municipal de Vitória');
    expect((await services.ugs.access(userCaller({ ...gestor, isAdmin: false }, null), vitoria.id)).isGestor).to.equal(true);
  });

  it('creates UGs of Espírito Santo with valid CNPJs, some aggregated', async function () {
    const ugs = await t.database.db('unidades_gestoras').select('nome', 'cnpj', 'agregadora_id');
    expect(ugs).to.have.length(32);
    expect(ugs.every((ug: { cnpj: string }) => normalizeCnpj(ug.cnpj) === ug.cnpj)).to.equal(true);
    expect(ugs.filter((ug: { agregadora_id: number | null }) => ug.agregadora_id !== null)).to.have.length(13);
    expect(ugs.map((ug: { nome: string }) => ug.nome)).to.include.members([
      'Câmara Municipal da Serra',
      'Serviço Autônomo de Água e Esgoto de Linhares',
    ]);
  });

  it('creates thousands of contratações, valid fornecedores, readable through an aggregator’s key', async function () {
    expect(await count('contratacoes')).to.equal(2500);
    const documentos = await t.database.db('contratacoes').whereNotNull('fornecedor_documento').distinct('fornecedor_documento');
    for (const { fornecedor_documento: doc } of documentos as Array<{ fornecedor_documento: string }>) {
      expect(doc.length === 11 ? normalizeCpf(doc) : normalizeCnpj(doc), doc).to.equal(doc);
    }
    const vitoria = await services.ugs.findByCodigo('001E0100001');
    const page = await services.contratacoes.list(await keyOf(services, vitoria), { filters: { situacao: 'homologada' }, limit: 500 });
    expect(new Set(page.items.map((c) => c.ugId)).size).to.equal(4);
  });

  it('creates a year of remessas in every situação, with impeditiva and indicativa consistências', async function () {
    for (const situacao of situacaoRemessaCodes) expect(await count('remessas', { situacao }), situacao).to.be.greaterThan(0);
    expect(await count('remessa_consistencias', { impeditiva: true })).to.be.greaterThan(0);
    expect(await count('remessa_consistencias', { impeditiva: false })).to.be.greaterThan(0);
    const semImpeditiva = await t.database
      .db('remessas as r')
      .where('r.situacao', 'processada_com_impedimento')
      .whereNotExists((q) => q.select(1).from('remessa_consistencias as c').whereRaw('c.remessa_id = r.id').andWhere('c.impeditiva', true));
    expect(semImpeditiva).to.deep.equal([]);
  });

  it('creates atos de admissão and concessões with valid CPFs', async function () {
    expect(await count('atos_admissao')).to.be.greaterThan(100);
    expect(await count('concessoes_beneficio')).to.be.greaterThan(50);
    const cpfs = await t.database.db('atos_admissao').pluck('servidor_cpf');
    expect(cpfs.every((cpf: string) => normalizeCpf(cpf) === cpf)).to.equal(true);
  });

  it("creates each UG's responsáveis: a current and a previous term per role, with valid CPFs", async function () {
    const ugs = await count('unidades_gestoras');
    expect(await count('responsaveis', { funcao: 'contador' })).to.equal(2 * ugs);
    expect(Number((await t.database.db('responsaveis').whereNull('fim').count({ n: '*' }).first())?.n)).to.equal(5 * ugs);
    const cpfs = await t.database.db('responsaveis').pluck('cpf');
    expect(cpfs.every((cpf: string) => normalizeCpf(cpf) === cpf)).to.equal(true);
  });

  it('refuses a database that already has UGs, changing nothing', async function () {
    const before = await count('contratacoes');
    const result = await runCli(t.database.url, ['demo', '--seed', '7']);
    expect(result.code).to.equal(1);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.equal(
      'erro: O banco de dados já tem unidades gestoras; `cidades demo` só preenche um banco novo. Aponte DATABASE_URL para um banco vazio.\n',
    );
    expect(await count('contratacoes')).to.equal(before);
    expect(await count('users')).to.equal(6);
  });

  it('puts most contratações in the first UG and some in every other one', async function () {
    const vitoria = await services.ugs.findByCodigo('001E0100001');
    const perUg = (await t.database.db('contratacoes').groupBy('ug_id').select('ug_id').count({ n: '*' })) as Array<{
      ug_id: number;
      n: number | string;
    }>;
    const main = Number(perUg.find((row) => row.ug_id === vitoria.id)?.n);
    expect(main).to.be.within(2200, 2300);
    expect(perUg).to.have.length(32);
  });

  it('refuses bad options before touching the database', async function () {
    for (const [option, value, message] of [
      ['--seed', 'abc', '--seed deve ser um número inteiro entre 1 e 2147483647.'],
      ['--contratacoes', '0', '--contratacoes deve ser um número inteiro entre 1 e 10000000.'],
      ['--contratacoes', '10000001', '--contratacoes deve ser um número inteiro entre 1 e 10000000.'],
    ]) {
      const result = await runCli(t.database.url, ['demo', option as string, value as string]);
      expect(result.code, value).to.equal(2);
      expect(result.stderr).to.equal(`erro: ${message}\n`);
    }
  });
});
