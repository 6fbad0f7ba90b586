import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { integrationCreateSchema } from '../../app/integrations/integrations.schemas.ts';
import { callerFor, rejects } from '../support/services.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { dumpDatabase } from '../support/database.ts';
import { tokenRequest } from '../support/oauth.ts';

describe('IntegrationsService on a real database', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
  });
  afterEach(() => t.close());

  /** POST /oauth/token with these credentials: 200 when they authenticate a key, 401 otherwise. */
  const token = (clientId: string, clientSecret: string) => tokenRequest(t.app, { clientId, clientSecret });

  it('creates, renews and deletes; old secrets stop matching; the database never holds a secret', async () => {
    const gestor = callerFor(people.gestor);
    const created = await t.services.integrations.create(
      gestor,
      people.ug.id,
      parseInput(integrationCreateSchema, { descricao: ' ERP ', permissao: 'escrita' }),
    );
    expect(created.integration).to.include({
      descricao: 'ERP',
      permissao: 'escrita',
      createdByNome: people.gestor.nome,
      bloqueada: false,
      lastUsedAt: null,
    });
    const { clientId } = created.integration;
    await token(clientId, created.clientSecret).expect(200);

    const renewed = await t.services.integrations.renew(gestor, people.ug.id, created.integration.id);
    expect(renewed.clientSecret).not.to.equal(created.clientSecret);
    expect(renewed.integration.clientId).to.equal(clientId);
    await token(clientId, created.clientSecret).expect(401);
    await token(clientId, renewed.clientSecret).expect(200);

    const dump = await dumpDatabase(t.database.db);
    expect(dump).not.to.include(created.clientSecret);
    expect(dump).not.to.include(renewed.clientSecret);
    expect(dump).not.to.include(created.clientSecret.slice(8, 40));
    expect(dump).not.to.include(renewed.clientSecret.slice(8, 40));

    await t.services.integrations.delete(gestor, people.ug.id, created.integration.id);
    await token(clientId, renewed.clientSecret).expect(401);
    const actions = (
      await t.database.db('audit_events').where({ ug_id: people.ug.id }).orderBy('id').select('action', 'ip', 'actor_user_id')
    ).map((e) => e.action);
    expect(actions).to.deep.equal([
      'ug.created',
      'ug.gestor_changed',
      'ug.member_added',
      'integration.created',
      'integration.secret_renewed',
      'integration.deleted',
    ]);
  });

  it('refuses a blocked key, a malformed secret and an unknown client id alike', async () => {
    const { integration, clientSecret } = await t.services.integrations.create(cliCaller, people.ug.id, {
      descricao: 'X',
      permissao: 'leitura',
    });
    await token('cid_0000000000000000000000', clientSecret).expect(401);
    await token(integration.clientId, clientSecret.slice(0, -1) + (clientSecret.endsWith('x') ? 'y' : 'x')).expect(401);
    await token(integration.clientId, 'senha').expect(401);
    // Blocked in the table before its first token request, which then reads it.
    const blocked = await t.services.integrations.create(cliCaller, people.ug.id, { descricao: 'Z', permissao: 'leitura' });
    await t.database.db('integracoes').where({ id: blocked.integration.id }).update({ bloqueada: true, bloqueio_motivo: 'uso indevido' });
    await token(blocked.integration.clientId, blocked.clientSecret).expect(401);
    await token(integration.clientId, clientSecret).expect(200);
  });

  it('lets only the gestor and Sys Admins manage keys; members get Forbidden, others NotFound', async () => {
    const input = { descricao: 'Y', permissao: 'leitura' as const };
    await t.services.integrations.create(callerFor(people.gestor), people.ug.id, input);
    await t.services.integrations.create(callerFor(people.admin), people.ug.id, input);
    expect(await rejects(t.services.integrations.create(callerFor(people.member), people.ug.id, input))).to.be.instanceOf(ForbiddenError);
    expect(await rejects(t.services.integrations.create(callerFor(people.outsider), people.ug.id, input))).to.be.instanceOf(NotFoundError);
    expect((await t.services.integrations.list(callerFor(people.member), people.ug.id, { limit: 25 })).items).to.have.length(2);
    expect(await rejects(t.services.integrations.list(callerFor(people.outsider), people.ug.id, { limit: 25 }))).to.be.instanceOf(
      NotFoundError,
    );
  });

  it('edits description and permission: the gestor and Sys Admins only, audited, and only while the key has the values shown', async () => {
    const { integration } = await t.services.integrations.create(callerFor(people.gestor), people.ug.id, {
      descricao: 'ERP',
      permissao: 'escrita',
    });
    const edit = (who: 'gestor' | 'admin' | 'member' | 'outsider', changes: { descricao?: string; permissao?: 'leitura' | 'escrita' }) =>
      t.services.integrations.edit(callerFor(people[who]), people.ug.id, integration.id, changes);
    expect(await rejects(edit('member', { descricao: 'X' }))).to.be.instanceOf(ForbiddenError);
    expect(await rejects(edit('outsider', { descricao: 'X' }))).to.be.instanceOf(NotFoundError);
    expect((await edit('gestor', { descricao: 'ERP novo' }))?.integration).to.include({ descricao: 'ERP novo', permissao: 'escrita' });
    const entries = () => t.database.db('credential_revocations').where({ client_id: integration.clientId }).select('permissao');
    expect(await entries(), 'a description changes no token').to.deep.equal([]);
    expect((await edit('admin', { permissao: 'leitura' }))?.integration).to.include({ descricao: 'ERP novo', permissao: 'leitura' });
    expect(await entries(), 'the new permission, for every process').to.deep.equal([{ permissao: 'leitura' }]);
    // A form that showed what the key had before: nothing is written.
    const shown = { descricao: 'ERP novo', permissao: 'escrita' as const };
    const gestor = callerFor(people.gestor);
    expect(await t.services.integrations.edit(gestor, people.ug.id, integration.id, { descricao: 'Velho' }, shown)).to.equal(null);
    const current = { descricao: 'ERP novo', permissao: 'leitura' as const };
    expect(
      (await t.services.integrations.edit(gestor, people.ug.id, integration.id, { descricao: 'Atual' }, current))?.integration,
    ).to.include({ descricao: 'Atual' });
    const events = await t.database
      .db('audit_events')
      .where({ action: 'integration.updated' })
      .orderBy('id')
      .select('actor_nome', 'details');
    expect(
      events.map((e: { actor_nome: string; details: unknown }) => [
        e.actor_nome,
        typeof e.details === 'string' ? JSON.parse(e.details) : e.details,
      ]),
    ).to.deep.equal([
      [people.gestor.nome, { clientId: integration.clientId, descricao: 'ERP novo' }],
      [people.admin.nome, { clientId: integration.clientId, permissao: 'leitura' }],
      [people.gestor.nome, { clientId: integration.clientId, descricao: 'Atual' }],
    ]);
  });

  it('validates descrição and permissão with pt-BR messages (the schema each surface parses with)', () => {
    let err: unknown;
    try {
      parseInput(integrationCreateSchema, { descricao: '', permissao: 'admin' });
    } catch (caught) {
      err = caught;
    }
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
