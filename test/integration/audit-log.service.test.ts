import { expect } from 'chai';
import { cliCaller, type Caller } from '../../app/caller.ts';
import { AuditRepository, type AuditFilters } from '../../app/audit/audit.repository.ts';
import { auditActions, auditEvent, type AuditAction } from '../../app/audit/audit-events.ts';
import type { AuditQuery } from '../../app/audit/audit-log.service.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { searchListFormSchema } from '../../app/records/list-form.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { createTestServices, callerFor, rejects, type TestServices } from '../support/services.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';

describe('AuditLogService on a real database', () => {
  let t: TestServices;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Caller;
  let other: Ug;
  let audit: AuditRepository;
  const key: Caller = {
    userId: null,
    clientId: 'cid_chaveDeTeste',
    nome: 'Integração cid_chaveDeTeste',
    isAdmin: true,
    ip: '198.51.100.4',
    scope: null,
  };
  /** The ids of the events this test inserted, by name. */
  const ids: Record<string, number> = {};

  before(async () => {
    t = await createTestServices();
    audit = new AuditRepository(t.database.db);
    people = await createUgWithPeople(t.services);
    admin = callerFor(people.admin);
    other = await createUg(t.services, { nome: 'Câmara Outra' });
    // São Paulo is UTC−3: 02:59:59Z is still the 23rd there, 03:00Z the 24th, 02:59:59Z of the 25th the 24th's last second.
    const insert = async (name: string, actor: Caller, action: AuditAction, ugId: number | null, at: string) => {
      await audit.insert(auditEvent(actor, action, { ugId, targetType: 'integracao', targetId: 1 }), new Date(at));
      const [row] = await t.database.db('audit_events').max({ id: 'id' });
      ids[name] = Number(row?.id);
    };
    await t.database.db('audit_events').del();
    await insert('lastOf23', callerFor(people.gestor), auditActions.integrationCreated, people.ug.id, '2026-11-24T02:59:59.999Z');
    await insert('firstOf24', key, auditActions.integrationBlocked, people.ug.id, '2026-11-24T03:00:00.000Z');
    await insert('lastOf24', admin, auditActions.integrationUnblocked, other.id, '2026-11-25T02:59:59.999Z');
    await insert('firstOf25', cliCaller, auditActions.ugCreated, null, '2026-11-25T03:00:00.000Z');
  });
  after(() => t.close());

  const listed = async (query: AuditQuery, limit = 50) => (await t.services.auditLog.list(admin, query, { limit })).items.map((e) => e.id);
  const named = (...names: string[]) => names.map((n) => ids[n]);

  it("lists every event newest first, with the UG's código and the acting user's e-mail", async () => {
    const page = await t.services.auditLog.list(admin, {}, { limit: 50 });
    expect(page.items.map((e) => e.id)).to.deep.equal(named('firstOf25', 'lastOf24', 'firstOf24', 'lastOf23'));
    expect(page.totalCount).to.equal(4);
    const [, lastOf24, firstOf24, lastOf23] = page.items;
    expect(lastOf24).to.include({
      ugId: other.id,
      ugCodigo: other.codigo,
      actorUserId: people.admin.id,
      actorEmail: people.admin.email,
      actorClientId: null,
    });
    expect(firstOf24).to.include({ actorUserId: null, actorClientId: 'cid_chaveDeTeste', actorEmail: null, ip: '198.51.100.4' });
    expect(lastOf23?.createdAt.toISOString()).to.equal('2026-11-24T02:59:59.999Z');
  });

  it('filters by UG (id or código), user (id), key (client id), either by e-mail or client id, and action', async () => {
    expect(await listed({ ugId: people.ug.id })).to.deep.equal(named('firstOf24', 'lastOf23'));
    expect(await listed({ ugCodigo: other.codigo })).to.deep.equal(named('lastOf24'));
    expect(await listed({ ugCodigo: 'NAOEXISTE' })).to.deep.equal([]);
    expect(await listed({ actorUserId: people.gestor.id })).to.deep.equal(named('lastOf23'));
    expect(await listed({ actorClientId: 'cid_chaveDeTeste' })).to.deep.equal(named('firstOf24'));
    expect(await listed({ actor: people.gestor.email.toUpperCase() })).to.deep.equal(named('lastOf23'));
    expect(await listed({ actor: 'cid_chaveDeTeste' })).to.deep.equal(named('firstOf24'));
    expect(await listed({ actor: 'ninguem@exemplo.gov.br' })).to.deep.equal([]);
    expect(await listed({ action: auditActions.ugCreated })).to.deep.equal(named('firstOf25'));
    expect(await listed({ ugId: people.ug.id, action: auditActions.integrationBlocked, actor: 'cid_chaveDeTeste' })).to.deep.equal(
      named('firstOf24'),
    );
  });

  it('takes the period as whole days in São Paulo, both ends inclusive', async () => {
    expect(await listed({ de: '2026-11-24', ate: '2026-11-24' })).to.deep.equal(named('lastOf24', 'firstOf24'));
    expect(await listed({ de: '2026-11-24' })).to.deep.equal(named('firstOf25', 'lastOf24', 'firstOf24'));
    expect(await listed({ ate: '2026-11-23' })).to.deep.equal(named('lastOf23'));
    expect(await listed({ de: '2026-11-25', ate: '2026-11-25' })).to.deep.equal(named('firstOf25'));
    expect(await listed({ de: '2026-11-26' })).to.deep.equal([]);
  });

  it('pages newest first by keyset: neither skipping nor repeating when events arrive between pages', async () => {
    const first = await t.services.auditLog.list(admin, {}, { limit: 3 });
    expect(first.items.map((e) => e.id)).to.deep.equal(named('firstOf25', 'lastOf24', 'firstOf24'));
    expect(first.nextAfterId).to.equal(ids.firstOf24);
    await audit.insert(auditEvent(cliCaller, auditActions.logout));
    const second = await t.services.auditLog.list(admin, {}, { limit: 3, afterId: first.nextAfterId ?? undefined });
    expect(second.items.map((e) => e.id)).to.deep.equal(named('lastOf23'));
    expect(second).to.include({ totalCount: 5, nextAfterId: null });
    await t.database.db('audit_events').where({ action: auditActions.logout }).del();
  });

  it('reads an export in batches, every event once, and records the export with its filters', async () => {
    const filters: AuditFilters = {};
    const batches: number[][] = [];
    for await (const batch of audit.batches(filters, 3)) batches.push(batch.map((e) => e.id));
    expect(batches).to.deep.equal([named('firstOf25', 'lastOf24', 'firstOf24'), named('lastOf23')]);

    const exported: number[] = [];
    for await (const batch of await t.services.auditLog.export(admin, { ugCodigo: people.ug.codigo, de: '2026-11-24' }))
      exported.push(...batch.map((e) => e.id));
    expect(exported).to.deep.equal(named('firstOf24'));
    const [event] = await audit.list({ action: auditActions.auditExported }, { limit: 5 }).then((p) => p.items);
    expect(event).to.include({ actorUserId: people.admin.id, actorNome: people.admin.nome, ugId: null, targetType: null });
    expect(event?.details).to.deep.equal({ ugCodigo: people.ug.codigo, de: '2026-11-24' });
    await t.database.db('audit_events').where({ action: auditActions.auditExported }).del();
  });

  it('refuses the whole trail and its export to anyone but a Sys Admin (403)', async () => {
    for (const user of [people.gestor, people.member, people.outsider]) {
      expect(await rejects(t.services.auditLog.list(callerFor(user), {}, { limit: 5 }))).to.be.instanceOf(ForbiddenError);
      expect(await rejects(t.services.auditLog.export(callerFor(user), {}))).to.be.instanceOf(ForbiddenError);
    }
    expect(await listed({ action: auditActions.auditExported })).to.deep.equal([]);
  });

  it("shows a UG's own events to its members, paged the same way; outsiders get 404", async () => {
    const page = await t.services.auditLog.listForUg(callerFor(people.member), people.ug.id, { limit: 25 });
    expect(page.items.map((e) => e.id)).to.deep.equal(named('firstOf24', 'lastOf23'));
    const next = await t.services.auditLog.listForUg(callerFor(people.gestor), people.ug.id, { limit: 25, afterId: ids.firstOf24 });
    expect(next.items.map((e) => e.id)).to.deep.equal(named('lastOf23'));
    expect(await rejects(t.services.auditLog.listForUg(callerFor(people.outsider), people.ug.id, { limit: 25 }))).to.be.instanceOf(
      NotFoundError,
    );
    // The page's position is parsed by the portal, with the same field as every list form's.
    expect(() => parseInput(searchListFormSchema.shape.apos, 'x')).to.throw(ValidationError);
  });
});

describe('migration 20261124_0008_auditoria', () => {
  it('fills actor_client_id of the events keys wrote before it, from their caller name', async () => {
    const t = await createTestServices();
    try {
      const { db } = t.database;
      // Down 0008 itself, whatever migrations came after it.
      await db.migrate.down({ name: '20261124_0008_auditoria' });
      const row = {
        created_at: new Date(),
        action: 'contratacao.created',
        ug_id: null,
        target_type: null,
        target_id: null,
        ip: null,
        details: null,
      };
      await db('audit_events').insert([
        { ...row, actor_user_id: null, actor_nome: 'Integração cid_antiga123' },
        { ...row, actor_user_id: null, actor_nome: 'cidades (linha de comando)' },
        { ...row, actor_user_id: 1, actor_nome: 'Integração cid_nome_de_pessoa' },
      ]);
      await db.migrate.latest();
      const rows = await db('audit_events').orderBy('id').select('actor_nome', 'actor_client_id');
      expect(rows.slice(-3).map((r) => r.actor_client_id)).to.deep.equal(['cid_antiga123', null, null]);
    } finally {
      await t.close();
    }
  });
});
