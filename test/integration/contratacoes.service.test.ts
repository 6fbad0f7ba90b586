import { expect } from 'chai';
import { userCaller, type ScopedCaller } from '../../app/caller.ts';
import {
  AppError,
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../app/errors/app-error.ts';
import { contratacaoToApi } from '../../app/api/contratacoes.routes.ts';
import { ContratacoesRepository } from '../../app/contratacoes/contratacoes.repository.ts';
import { contratacaoOutputSchema, contratacaoPatchSchema, contratacaoSchema } from '../../app/contratacoes/contratacoes.schemas.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { idempotencyKeySchema } from '../../app/idempotency/idempotency.ts';
import { contratacaoData, contratacaoInput, expectRepresentation, createUgFamily, keyOf, type UgFamily } from '../support/data.ts';
import { createTestServices, rejects, type TestServices } from '../support/services.ts';

/** What a surface does before calling the service: parse with the domain's schema, as a promise so `failure` reads its ValidationError. */
const parsed = async <S extends Parameters<typeof parseInput>[0]>(schema: S, input: unknown) => parseInput(schema, input);
const changes = (input: Record<string, unknown>) => parseInput(contratacaoPatchSchema, input);

describe('ContratacoesService: writes', () => {
  let t: TestServices;
  let ugs: UgFamily;
  let filha: ScopedCaller;
  let agregadora: ScopedCaller;
  let irma: ScopedCaller;

  beforeEach(async () => {
    t = await createTestServices();
    ugs = await createUgFamily(t.services);
    [filha, agregadora, irma] = await Promise.all([
      keyOf(t.services, ugs.filha),
      keyOf(t.services, ugs.agregadora),
      keyOf(t.services, ugs.irma),
    ]);
  });
  afterEach(() => t.close());

  const create = async (caller: ScopedCaller, overrides: Record<string, unknown> = {}) =>
    (await t.services.contratacoes.create(caller, contratacaoData(overrides))).contratacao;
  const homologate = (id: number) => new ContratacoesRepository(t.database.db).setSituacao(id, 'homologada');

  it('creates in the caller’s own UG, with exact decimals, a normalised fornecedor, version 1, author and audit event', async () => {
    const created = await create(filha);
    expect(created).to.deep.include({
      ugId: ugs.filha.id,
      numeroProcesso: '1234/2025',
      valorEstimado: '150000.00',
      valorContratado: '123456.70',
      dataPublicacao: '2025-03-10',
      dataAssinatura: null,
      fornecedor: { documento: '11222333000181', nome: 'Papelaria Capixaba Ltda' },
      situacao: 'nao_ha_dados_homologados',
      versao: 1,
    });
    expect(created.createdBy).to.deep.equal({ clientId: 'cli-filha', userId: null, nome: 'Integração cli-filha' });
    expect(await t.services.contratacoes.get(filha, created.id)).to.deep.equal(created);
    expectRepresentation(contratacaoOutputSchema, contratacaoToApi(created));
    const events = await t.database.db('audit_events').where({ action: 'contratacao.created' });
    expect(events).to.have.length(1);
    expect(events[0]).to.include({ ug_id: ugs.filha.id, target_type: 'contratacao', target_id: String(created.id), ip: '203.0.113.7' });
  });

  it('records a portal user as the author when a user makes the change', async () => {
    const user = userCaller({ id: 42, nome: 'Gestora Ana', isAdmin: false }, null);
    const scope = { ugId: ugs.filha.id, visibleUgIds: [ugs.filha.id] };
    const created = (await t.services.contratacoes.create({ ...user, scope }, contratacaoData())).contratacao;
    expect(created.createdBy).to.deep.equal({ clientId: null, userId: 42, nome: 'Gestora Ana' });
    const [event] = await t.database.db('audit_events').where({ action: 'contratacao.created' });
    expect(event).to.include({ actor_user_id: 42, actor_nome: 'Gestora Ana' });
  });

  it('keeps large amounts exact (no floating point on the way)', async () => {
    const created = await create(filha, { valorEstimado: '9999999999999.99', valorContratado: '0.1' });
    expect(created).to.include({ valorEstimado: '9999999999999.99', valorContratado: '0.10' });
  });

  it('answers each bad field with its pt-BR message', async () => {
    const err = await rejects(
      parsed(contratacaoSchema, {
        ...contratacaoInput({ numeroProcesso: '', valorEstimado: 1500.5, dataPublicacao: '2025-02-30', modalidade: 99, fase: 'x' }),
        fornecedor: { documento: '11.222.333/0001-82', nome: 'X' },
        extra: 1,
      }),
    );
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).fields).to.deep.equal({
      numeroProcesso: 'Informe o número do processo.',
      valorEstimado: 'Informe o valor estimado como texto decimal, por exemplo "1234.56".',
      dataPublicacao: 'A data de publicação não é uma data válida.',
      modalidade: 'Modalidade inválida: use um código do PNCP de 1 a 14 ou, para contratações antigas, de 101 a 105.',
      fase: 'Valor inválido para a fase: use edital_licitacao, licitacao, contratacao_direta, ata_registro_precos, adesao_ata, credenciamento_chamamento.',
      'fornecedor.documento': 'CPF ou CNPJ inválido: confira os dígitos verificadores.',
      _: 'Campo desconhecido: extra.',
    });
  });

  it('accepts a CPF or an alphanumeric CNPJ as fornecedor, and refuses cross-field contradictions', async () => {
    const pessoa = await create(filha, { numeroProcesso: '1', fornecedor: { documento: '529.982.247-25', nome: 'Ana' } });
    expect(pessoa.fornecedor?.documento).to.equal('52998224725');
    const alfa = await create(filha, { numeroProcesso: '2', fornecedor: { documento: '12.ABC.345/01DE-35', nome: 'Nova' } });
    expect(alfa.fornecedor?.documento).to.equal('12ABC34501DE35');
    const err = await rejects(
      create(filha, { numeroProcesso: '3', modalidade: 102, vigenciaInicio: '2025-05-01', vigenciaFim: '2025-04-30' }),
    );
    expect((err as ValidationError).fields).to.deep.equal({
      modalidade: 'Esta modalidade não existe na Lei 14.133/2021: use um código do PNCP de 1 a 14.',
      vigenciaFim: 'O fim da vigência não pode ser anterior ao início.',
    });
    expect((await create(filha, { numeroProcesso: '3', nllc: false, modalidade: 102 })).modalidade).to.equal(102);
  });

  it('refuses a duplicate processo + ano in the same UG with 409, but not in another UG or year', async () => {
    await create(filha);
    const err = await rejects(create(filha));
    expect(err).to.be.instanceOf(ConflictError);
    expect(err).to.include({ status: 409, code: 'CONFLICT' });
    expect((err as ConflictError).fields).to.deep.equal({
      numeroProcesso: 'Já existe uma contratação com este número de processo e ano nesta unidade gestora.',
    });
    await create(irma);
    await create(filha, { ano: 2026 });
    const other = await create(filha, { numeroProcesso: '999/2025' });
    const renamed = await rejects(t.services.contratacoes.patch(filha, other.id, changes({ numeroProcesso: '1234/2025' })));
    expect(renamed).to.be.instanceOf(ConflictError);
  });

  it('replaces (PUT) and patches (PATCH), bumping the version and recording who changed it', async () => {
    const created = await create(filha);
    const replaced = await t.services.contratacoes.replace(
      filha,
      created.id,
      contratacaoData({ objeto: 'Novo objeto', valorEstimado: undefined }),
      { expectedVersao: 1 },
    );
    expect(replaced).to.include({ objeto: 'Novo objeto', valorEstimado: null, versao: 2 });
    const patched = await t.services.contratacoes.patch(filha, created.id, changes({ fase: 'contratacao_direta', modalidade: 8 }));
    expect(patched).to.include({ objeto: 'Novo objeto', fase: 'contratacao_direta', modalidade: 8, versao: 3 });
    expect(patched.updatedBy.clientId).to.equal('cli-filha');
    const invalid = await rejects(parsed(contratacaoPatchSchema, { ano: '2025' }));
    expect((invalid as ValidationError).fields).to.deep.equal({ ano: 'Informe o ano do processo (número inteiro).' });
    expect(await t.database.db('audit_events').where({ action: 'contratacao.updated' })).to.have.length(2);
  });

  it('answers 412 when If-Match names another version, and changes nothing', async () => {
    const created = await create(filha);
    await t.services.contratacoes.patch(filha, created.id, changes({ objeto: 'Primeira alteração' }));
    for (const attempt of [
      () => t.services.contratacoes.patch(filha, created.id, changes({ objeto: 'Atrasada' }), { expectedVersao: 1 }),
      () => t.services.contratacoes.replace(filha, created.id, contratacaoData(), { expectedVersao: 1 }),
      () => t.services.contratacoes.delete(filha, created.id, { expectedVersao: 1 }),
    ]) {
      const err = await rejects(attempt());
      expect(err).to.be.instanceOf(PreconditionFailedError);
      expect(err).to.include({ status: 412, code: 'PRECONDITION_FAILED' });
    }
    expect(await t.services.contratacoes.get(filha, created.id)).to.include({ objeto: 'Primeira alteração', versao: 2 });
  });

  it('refuses to change or delete a homologada contratação with 409 CONTRATACAO_HOMOLOGADA', async () => {
    const created = await create(filha);
    await homologate(created.id);
    for (const attempt of [
      () => t.services.contratacoes.patch(filha, created.id, changes({ objeto: 'X' })),
      () => t.services.contratacoes.replace(filha, created.id, contratacaoData()),
      () => t.services.contratacoes.delete(filha, created.id),
    ]) {
      const err = await rejects(attempt());
      expect(err).to.be.instanceOf(AppError);
      expect(err).to.include({ status: 409, code: 'CONTRATACAO_HOMOLOGADA' });
    }
    expect(await t.services.contratacoes.get(filha, created.id)).to.include({ situacao: 'homologada', objeto: contratacaoInput().objeto });
  });

  it('deletes, after which the contratação is not found', async () => {
    const created = await create(filha);
    await t.services.contratacoes.delete(filha, created.id, { expectedVersao: 1 });
    expect(await rejects(t.services.contratacoes.get(filha, created.id))).to.be.instanceOf(NotFoundError);
    expect(await t.database.db('audit_events').where({ action: 'contratacao.deleted' })).to.have.length(1);
  });

  it('lets an aggregator read its UGs’ contratações but write only its own', async () => {
    const daFilha = await create(filha);
    expect((await t.services.contratacoes.get(agregadora, daFilha.id)).id).to.equal(daFilha.id);
    for (const attempt of [
      () => t.services.contratacoes.patch(agregadora, daFilha.id, changes({ objeto: 'X' })),
      () => t.services.contratacoes.delete(agregadora, daFilha.id),
    ]) {
      expect(await rejects(attempt())).to.be.instanceOf(ForbiddenError);
    }
    const own = await create(agregadora);
    expect(own.ugId).to.equal(ugs.agregadora.id);
    for (const attempt of [
      () => t.services.contratacoes.get(filha, own.id),
      () => t.services.contratacoes.get(irma, daFilha.id),
      () => t.services.contratacoes.patch(irma, daFilha.id, changes({ objeto: 'X' })),
      () => t.services.contratacoes.delete(irma, daFilha.id),
    ]) {
      const err = await rejects(attempt());
      expect(err).to.be.instanceOf(NotFoundError);
      expect((err as NotFoundError).message).to.equal('Contratação não encontrada.');
    }
    expect((await t.services.contratacoes.get(filha, daFilha.id)).objeto).to.equal(contratacaoInput().objeto);
  });

  it('answers a repeated Idempotency-Key with the first result, and refuses it for a different body', async () => {
    const first = await t.services.contratacoes.create(filha, contratacaoData(), { idempotencyKey: 'pedido-1' });
    const again = await t.services.contratacoes.create(filha, contratacaoData(), { idempotencyKey: 'pedido-1' });
    expect(first.replayed).to.equal(false);
    expect(again).to.deep.equal({ contratacao: first.contratacao, replayed: true });
    expect(await t.database.db('contratacoes').count({ n: '*' }).first()).to.satisfy((r: { n: number | string }) => Number(r.n) === 1);
    const reused = await rejects(
      t.services.contratacoes.create(filha, contratacaoData({ objeto: 'Outro' }), { idempotencyKey: 'pedido-1' }),
    );
    expect(reused).to.be.instanceOf(IdempotencyKeyReusedError);
    expect(reused).to.include({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
    // Keys belong to one client: another key's "pedido-1" is a new request.
    const otherClient = await t.services.contratacoes.create(irma, contratacaoData(), { idempotencyKey: 'pedido-1' });
    expect(otherClient.replayed).to.equal(false);
    // A key is checked where it arrives (the API's Idempotency-Key header), with the domain's schema.
    const bad = await rejects(parsed(idempotencyKeySchema, 'com espaço'));
    expect(bad).to.be.instanceOf(ValidationError);
  });

  it('answers concurrent retries with one record', async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => t.services.contratacoes.create(filha, contratacaoData(), { idempotencyKey: 'k' })),
    );
    expect(new Set(results.map((r) => r.contratacao.id)).size).to.equal(1);
    expect(results.filter((r) => !r.replayed)).to.have.length(1);
  });
});
