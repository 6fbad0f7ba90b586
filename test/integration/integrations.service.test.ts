import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../app/errors/app-error.ts';
import { callerFor, rejects, createTestServices, type TestServices } from '../support/services.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { dumpDatabase } from '../support/database.ts';

describe('IntegrationsService on a real database', () => {
  let t: TestServices;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;

  beforeEach(async () => {
    t = await createTestServices();
    people = await createUgWithPeople(t.services);
  });
  afterEach(() => t.close());

  it('creates, renews and deletes; old secrets stop matching; the database never holds a secret', async () => {
    const gestor = callerFor(people.gestor);
    const created = await t.services.integrations.create(gestor, people.ug.id, { descricao: ' ERP ', permissao: 'escrita' });
    expect(created.integration).to.include({ descricao: 'ERP', permissao: 'escrita', createdByNome: people.gestor.nome, bloqueada: false, lastUsedAt: null });
    const { clientId } = created.integration;
    expect(await t.services.integrations.verifyCredentials(clientId, created.clientSecret)).to.deep.include({ id: created.integration.id });

    const renewed = await t.services.integrations.renew(gestor, people.ug.id, created.integration.id);
    expect(renewed.clientSecret).not.to.equal(created.clientSecret);
    expect(renewed.integration.clientId).to.equal(clientId);
    expect(await t.services.integrations.verifyCredentials(clientId, created.clientSecret)).to.equal(null);
    expect(await t.services.integrations.verifyCredentials(clientId, renewed.clientSecret)).to.not.equal(null);

    const dump = await dumpDatabase(t.database.db);
    expect(dump).not.to.include(created.clientSecret);
    expect(dump).not.to.include(renewed.clientSecret);
    expect(dump).not.to.include(created.clientSecret.slice(8, 40));
    expect(dump).not.to.include(renewed.clientSecret.slice(8, 40));

    await t.services.integrations.delete(gestor, people.ug.id, created.integration.id);
    expect(await t.services.integrations.verifyCredentials(clientId, renewed.clientSecret)).to.equal(null);
    const actions = (await t.database.db('audit_events').where({ ug_id: people.ug.id }).orderBy('id').select('action', 'ip', 'actor_user_id')).map((e) => e.action);
    expect(actions).to.deep.equal(['ug.created', 'ug.gestor_changed', 'ug.member_added', 'integration.created', 'integration.secret_renewed', 'integration.deleted']);
  });

  it('refuses a blocked key, a malformed secret and an unknown client id alike', async () => {
    const { integration, clientSecret } = await t.services.integrations.create(cliCaller, people.ug.id, { descricao: 'X', permissao: 'leitura' });
    expect(await t.services.integrations.verifyCredentials('cid_0000000000000000000000', clientSecret)).to.equal(null);
    expect(await t.services.integrations.verifyCredentials(integration.clientId, clientSecret.slice(0, -1) + (clientSecret.endsWith('x') ? 'y' : 'x'))).to.equal(null);
    expect(await t.services.integrations.verifyCredentials(integration.clientId, 'senha')).to.equal(null);
    await t.database.db('integracoes').where({ id: integration.id }).update({ bloqueada: true, bloqueio_motivo: 'uso indevido' });
    expect(await t.services.integrations.verifyCredentials(integration.clientId, clientSecret)).to.equal(null);
  });

  it('lets only the gestor and Sys Admins manage keys; members get Forbidden, others NotFound', async () => {
    const input = { descricao: 'Y', permissao: 'leitura' };
    await t.services.integrations.create(callerFor(people.gestor), people.ug.id, input);
    await t.services.integrations.create(callerFor(people.admin), people.ug.id, input);
    expect(await rejects(t.services.integrations.create(callerFor(people.member), people.ug.id, input))).to.be.instanceOf(ForbiddenError);
    expect(await rejects(t.services.integrations.create(callerFor(people.outsider), people.ug.id, input))).to.be.instanceOf(NotFoundError);
    expect((await t.services.integrations.list(callerFor(people.member), people.ug.id)).items).to.have.length(2);
    expect(await rejects(t.services.integrations.list(callerFor(people.outsider), people.ug.id))).to.be.instanceOf(NotFoundError);
  });

  it('validates descrição and permissão with pt-BR messages', async () => {
    const err = await rejects(t.services.integrations.create(cliCaller, people.ug.id, { descricao: '', permissao: 'admin' }));
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).fields).to.deep.equal({
      descricao: 'Informe a descrição da integração.',
      permissao: 'Escolha a permissão: somente consulta, ou consulta e envio de dados.',
    });
  });

  it('keeps the history of gestores, one current at a time', async () => {
    await t.services.ugs.setGestor(people.ug.codigo, people.member.email, cliCaller);
    await t.services.ugs.setGestor(people.ug.codigo, people.member.email, cliCaller);
    const rows = await t.database.db('ug_gestores').where({ ug_id: people.ug.id }).orderBy('id').select('user_id', 'fim');
    expect(rows.map((r) => r.user_id)).to.deep.equal([people.gestor.id, people.member.id]);
    expect(rows[0].fim).to.not.equal(null);
    expect(rows[1].fim).to.equal(null);
    const access = await t.services.ugs.access(callerFor(people.member), people.ug.id);
    expect(access).to.include({ isGestor: true, canManage: true });
  });
});
