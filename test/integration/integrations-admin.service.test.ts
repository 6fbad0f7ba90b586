import { expect } from 'chai';
import { cliCaller, type Caller } from '../../app/caller.ts';
import { ConflictError, ForbiddenError, IntegrationBlockedError, NotFoundError, ValidationError } from '../../app/errors/app-error.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { callerFor, rejects } from '../support/services.ts';
import { cnpjFrom, createUg, createUgWithPeople } from '../support/fixtures.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { blockSchema, integrationChangesSchema } from '../../app/integrations/integrations-admin.schemas.ts';
import { createKey, tokenRequest } from '../support/oauth.ts';

describe('IntegrationsAdminService on a real database', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Caller;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    admin = callerFor(people.admin);
  });
  afterEach(() => t.close());

  /** POST /oauth/token with these credentials: 200 when they authenticate a key, 401 otherwise. */
  const token = (key: { clientId: string; clientSecret: string }) => tokenRequest(t.app, key);
  /** What a surface hands the service: the motivo and the PATCH body parsed with the domain's schemas. */
  const motivo = (value: string) => parseInput(blockSchema, { motivo: value }).motivo;
  const changes = (body: unknown) => parseInput(integrationChangesSchema, body);

  const revocations = () => t.database.db('credential_revocations').orderBy('id').select('client_id', 'valid_from_version');
  const audit = (action: string) => t.database.db('audit_events').where({ action }).select('actor_nome', 'target_id', 'details');

  it("lists every UG's keys with filters by UG, situação, permissão and text, paged by id", async () => {
    const other = await createUg(t.services, { nome: 'Câmara Outra' });
    const a = await createKey(t.services, people.ug.id, 'leitura');
    const b = await createKey(t.services, other.id, 'escrita');
    const c = await createKey(t.services, other.id, 'leitura');
    await t.services.integrationsAdmin.block(admin, c.id, motivo('uso indevido'));
    const ids = async (filters: object, limit = 50) =>
      (await t.services.integrationsAdmin.list(admin, filters, { limit })).items.map((i) => i.id);
    expect(await ids({})).to.deep.equal([a.id, b.id, c.id]);
    expect(await ids({ ugId: other.id })).to.deep.equal([b.id, c.id]);
    expect(await ids({ bloqueada: true })).to.deep.equal([c.id]);
    expect(await ids({ bloqueada: false, permissao: 'leitura' })).to.deep.equal([a.id]);
    expect(await ids({ q: b.clientId.slice(4, 14).toUpperCase() })).to.deep.equal([b.id]);
    expect(await ids({ q: 'CHAVE ESCR' })).to.deep.equal([b.id]);
    expect(await ids({ q: '%' })).to.deep.equal([]);
    const first = await t.services.integrationsAdmin.list(admin, {}, { limit: 2 });
    expect(first.totalCount).to.equal(3);
    expect(first.items[1]?.ug).to.deep.equal({ id: other.id, codigo: other.codigo, nome: other.nome });
    const second = await t.services.integrationsAdmin.list(admin, {}, { limit: 2, afterId: first.nextAfterId ?? undefined });
    expect(second.items.map((i) => i.id)).to.deep.equal([c.id]);
    expect(second.nextAfterId).to.equal(null);
  });

  it('searches keys and UGs by text whatever the accents and case, as users are searched', async () => {
    const ug = await createUg(t.services, { codigo: 'PMV1', nome: 'Prefeitura de Vitória' });
    const key = await createKey(t.services, ug.id, 'leitura');
    await t.services.integrationsAdmin.patch(admin, key.id, changes({ descricao: 'Folha de pagamento (gestão)' }));
    const keys = async (q: string) => (await t.services.integrationsAdmin.list(admin, { q }, { limit: 50 })).items.map((i) => i.id);
    expect(await keys('GESTAO')).to.deep.equal([key.id]);
    expect(await keys('gestão de pagamento')).to.deep.equal([]);
    expect(await keys('pagamento (gest')).to.deep.equal([key.id]);
    const ugs = async (q: string) => (await t.services.ugsAdmin.list(admin, q, { limit: 50 })).items.map((u) => u.id);
    expect(await ugs('vitoria')).to.deep.equal([ug.id]);
    expect(await ugs('VITÓRIA')).to.deep.equal([ug.id]);
    expect(await ugs(ug.cnpj.slice(0, 8))).to.deep.equal([ug.id]);
  });

  it('blocks with a reason (revocation of every token, audit), idempotently; unblocking keeps the secret', async () => {
    const key = await createKey(t.services, people.ug.id);
    expect((await rejects((async () => motivo('  '))())).code).to.equal('VALIDATION_FAILED');
    const blocked = await t.services.integrationsAdmin.block(admin, key.id, motivo(' Vazamento do segredo '));
    expect(blocked).to.include({ bloqueada: true, bloqueioMotivo: 'Vazamento do segredo' });
    await token(key).expect(401);
    expect(await t.services.tokenClients.find(key.clientId)).to.equal(null);
    await t.services.integrationsAdmin.block(admin, key.id, motivo('outro motivo'));
    expect((await t.services.integrationsAdmin.find(admin, key.id)).bloqueioMotivo, 'a second block changes nothing').to.equal(
      'Vazamento do segredo',
    );
    expect(await revocations()).to.deep.equal([{ client_id: key.clientId, valid_from_version: null }]);
    const [event, ...more] = await audit('integration.blocked');
    expect(more).to.have.length(0);
    expect(event).to.include({ actor_nome: people.admin.nome, target_id: String(key.id) });
    expect(JSON.parse(String(event?.details))).to.deep.equal({ clientId: key.clientId, motivo: 'Vazamento do segredo' });

    const unblocked = await t.services.integrationsAdmin.unblock(admin, key.id);
    expect(unblocked).to.include({ bloqueada: false, bloqueioMotivo: null });
    await t.services.integrationsAdmin.unblock(admin, key.id);
    await token(key).expect(200); // the same secret works again
    const [, entry, extra] = await revocations();
    expect(extra).to.equal(undefined);
    const client = await t.services.tokenClients.find(key.clientId);
    expect(Number(entry?.valid_from_version)).to.equal(client?.secretVersion);
    expect(client?.secretVersion).to.be.greaterThan(unblocked.secretCreatedAt.getTime() - 1);
    expect(await audit('integration.unblocked')).to.have.length(1);
  });

  it('ends a grace with a block or the deactivation of the UG: unblocked or reactivated, only the current secret works', async () => {
    for (const end of ['block', 'deactivate'] as const) {
      const ug = await createUg(t.services);
      const key = await createKey(t.services, ug.id);
      const { clientSecret } = await t.services.integrationsAdmin.patch(admin, key.id, { renovarSegredo: true, carenciaSegundos: 3600 });
      const renewed = { ...key, clientSecret: clientSecret as string };
      await token(key).expect(200);
      await token(renewed).expect(200);
      if (end === 'block') {
        const blocked = await t.services.integrationsAdmin.block(admin, key.id, motivo('Vazamento'));
        expect(blocked.previousSecret?.active).to.equal(false);
        await t.services.integrationsAdmin.unblock(admin, key.id);
      } else {
        await t.services.ugsAdmin.setAtiva(admin, ug.id, false);
        await t.services.ugsAdmin.setAtiva(admin, ug.id, true);
      }
      await token(key).expect(401);
      await token(renewed).expect(200);
      const found = await t.services.integrationsAdmin.find(admin, key.id);
      expect(found.previousSecret?.active, end).to.equal(false);
      expect(found.previousSecret?.validUntil.getTime(), end).to.be.below(Date.now() + 1);
    }
  });

  it('refuses a grace without a renewal, or out of bounds, naming the field', () => {
    for (const body of [
      { carenciaSegundos: 60 },
      { renovarSegredo: true, carenciaSegundos: 0 },
      { renovarSegredo: true, carenciaSegundos: 2_592_001 },
      { renovarSegredo: true, carenciaSegundos: 1.5 },
    ]) {
      const parsed = integrationChangesSchema.safeParse(body);
      expect(parsed.success, JSON.stringify(body)).to.equal(false);
      expect(
        parsed.error?.issues.map((i) => i.path.join('.')),
        JSON.stringify(body),
      ).to.deep.equal(['carenciaSegundos']);
    }
    expect(integrationChangesSchema.safeParse({ renovarSegredo: true, carenciaSegundos: 2_592_000 }).success).to.equal(true);
  });

  it("renews (refused while blocked, 409), edits and deletes any UG's key", async () => {
    const key = await createKey(t.services, people.ug.id);
    await t.services.integrationsAdmin.block(admin, key.id, motivo('auditoria'));
    expect(await rejects(t.services.integrationsAdmin.renew(admin, key.id))).to.be.instanceOf(IntegrationBlockedError);
    const { integration, clientSecret } = await t.services.integrationsAdmin.patch(
      admin,
      key.id,
      changes({ bloqueada: false, renovarSegredo: true, descricao: 'Novo nome', permissao: 'escrita' }),
    );
    expect(integration).to.include({ descricao: 'Novo nome', permissao: 'escrita', bloqueada: false });
    await token({ clientId: key.clientId, clientSecret: String(clientSecret) }).expect(200);
    await token(key).expect(401);
    const invalid = await rejects((async () => changes({ bloqueada: true }))());
    expect(invalid).to.be.instanceOf(ValidationError);
    expect((invalid as ValidationError).fields).to.have.property('motivo');
    await t.services.integrationsAdmin.delete(admin, key.id);
    expect(await rejects(t.services.integrationsAdmin.find(admin, key.id))).to.be.instanceOf(NotFoundError);
  });

  it('refuses a gestor, a member and an outsider everything', async () => {
    const key = await createKey(t.services, people.ug.id);
    for (const user of [people.gestor, people.member, people.outsider]) {
      const caller = callerFor(user);
      const attempts = [
        t.services.integrationsAdmin.list(caller, {}, { limit: 10 }),
        t.services.integrationsAdmin.find(caller, key.id),
        t.services.integrationsAdmin.block(caller, key.id, motivo('x')),
        t.services.integrationsAdmin.unblock(caller, key.id),
        t.services.integrationsAdmin.renew(caller, key.id),
        t.services.integrationsAdmin.delete(caller, key.id),
        t.services.integrationsAdmin.create(caller, { ugId: people.ug.id, descricao: 'x', permissao: 'leitura' }),
      ];
      for (const attempt of attempts) expect(await rejects(attempt), user.nome).to.be.instanceOf(ForbiddenError);
    }
    await token(key).expect(200);
  });

  it("grants the admin scope only to a Sys Admin's keys of the Tribunal's UG", async () => {
    const tribunal = await t.services.ugs.create({ codigo: 'TCE', nome: 'Tribunal de Contas', cnpj: cnpjFrom(4242) }, cliCaller, {
      tribunal: true,
    });
    expect(tribunal.tribunal).to.equal(true);
    const duplicate = await rejects(
      t.services.ugs.create({ codigo: 'TCE2', nome: 'Outro', cnpj: cnpjFrom(4343) }, cliCaller, { tribunal: true }),
    );
    expect(duplicate).to.be.instanceOf(ConflictError);
    expect((duplicate as ConflictError).fields).to.have.property('tribunal');

    const created = await t.services.integrationsAdmin.create(admin, {
      ugId: tribunal.id,
      descricao: 'Automação',
      permissao: 'leitura',
      admin: true,
    });
    expect(created.integration.admin).to.equal(true);
    expect((await t.services.tokenClients.find(created.integration.clientId))?.admin).to.equal(true);
    const elsewhere = await rejects(
      t.services.integrationsAdmin.create(admin, { ugId: people.ug.id, descricao: 'x', permissao: 'leitura', admin: true }),
    );
    expect(elsewhere).to.be.instanceOf(ForbiddenError);
    const byGestor = await rejects(
      t.services.integrations.create(callerFor(people.gestor), people.ug.id, { descricao: 'x', permissao: 'leitura', admin: true }),
    );
    expect(byGestor).to.be.instanceOf(ForbiddenError);
    const plain = await createKey(t.services, tribunal.id);
    expect((await t.services.tokenClients.find(plain.clientId))?.admin).to.equal(false);
  });
});
