import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { createDb } from '../../app/db/knex.ts';
import { NotFoundError } from '../../app/errors/app-error.ts';
import { UsageCounter } from '../../app/usage/usage-counter.ts';
import { UsageRepository } from '../../app/usage/usage.repository.ts';
import { onPostgres } from '../support/database.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { callerFor, createTestServices, rejects, type TestServices } from '../support/services.ts';

// 12:00 on 2026-12-02 in São Paulo.
const NOON = Date.UTC(2026, 11, 2, 15, 0, 0);

describe('usage of keys, added to by every process', () => {
  let t: TestServices;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let key: Key;

  before(async () => {
    t = await createTestServices();
    people = await createUgWithPeople(t.services);
    key = await createKey(t.services, people.ug.id);
  });
  after(() => t.close());

  it("two processes' counters (two connections) flushing the same rows add their counts, never overwrite them", async () => {
    const other = createDb(t.database.url);
    try {
      const mine = new UsageCounter(new UsageRepository(t.database.db));
      const theirs = new UsageCounter(new UsageRepository(other));
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 7; i++) mine.apiCall(key.clientId, NOON);
        for (let i = 0; i < 5; i++) theirs.apiCall(key.clientId, NOON);
        mine.tokenIssued(key.clientId, NOON);
        theirs.tokenRefused(key.clientId, 'invalid_client', NOON);
        // At once on PostgreSQL. SQLite's connections in one process cannot overlap a transaction (better-sqlite3 waits
        // for the lock synchronously, so the holder never commits); real processes can (test/e2e/usage-processes).
        if (onPostgres) await Promise.all([mine.flush(), theirs.flush()]);
        else for (const counter of [mine, theirs]) await counter.flush();
      }
    } finally {
      await other.destroy();
    }
    const rows = await new UsageRepository(t.database.db).between(key.id, '2026-12-02', '2026-12-02');
    expect(rows.sort((a, b) => `${a.medida}${a.motivo}`.localeCompare(`${b.medida}${b.motivo}`))).to.deep.equal([
      { dia: '2026-12-02', medida: 'api', motivo: '', total: 36 },
      { dia: '2026-12-02', medida: 'token', motivo: '', total: 3 },
      { dia: '2026-12-02', medida: 'token', motivo: 'invalid_client', total: 3 },
    ]);
  });

  it('skips a key deleted before its counts were written, and writes the others', async () => {
    const gone = await createKey(t.services, people.ug.id);
    const kept = await createKey(t.services, people.ug.id);
    const counter = new UsageCounter(new UsageRepository(t.database.db));
    counter.apiCall(gone.clientId, NOON);
    counter.apiCall(kept.clientId, NOON);
    await t.services.integrations.delete(cliCaller, people.ug.id, gone.id);
    await counter.flush();
    const none = await t.database.db('uso_integracoes').where('integracao_id', gone.id).count({ n: '*' }).first();
    expect(Number(none?.n)).to.equal(0);
    const rows = await new UsageRepository(t.database.db).between(kept.id, '2026-12-02', '2026-12-02');
    expect(rows.map((r) => r.total)).to.deep.equal([1]);
  });

  it("answers a key's 30 days up to today, oldest first, with zeros filled in, to whoever manages its keys", async () => {
    const counter = new UsageCounter(new UsageRepository(t.database.db));
    const day = 24 * 60 * 60 * 1000;
    counter.apiCall(key.clientId, NOON - 29 * day);
    counter.apiCall(key.clientId, NOON - 30 * day);
    counter.apiRefused(key.clientId, 403, NOON - day);
    counter.tokenRefused(key.clientId, 'invalid_scope', NOON - day);
    await counter.flush();
    const now = new Date(NOON);
    const { integration, usage } = await t.services.usage.forKey(callerFor(people.gestor), people.ug.id, key.id, now);
    expect(integration.id).to.equal(key.id);
    expect(usage.days).to.have.length(30);
    expect(usage.days[0]).to.deep.equal({ dia: '2026-11-03', tokens: 0, chamadas: 1, recusas: [], totalRecusas: 0 });
    expect(usage.days[28]).to.deep.equal({
      dia: '2026-12-01',
      tokens: 0,
      chamadas: 0,
      recusas: [
        { medida: 'token', motivo: 'invalid_scope', total: 1 },
        { medida: 'api', motivo: '403', total: 1 },
      ],
      totalRecusas: 2,
    });
    expect(usage.days[29]).to.deep.include({ dia: '2026-12-02', tokens: 3, chamadas: 36 });
    expect(usage.totals).to.deep.equal({ tokens: 3, chamadas: 37, recusas: 5 });
    const admin = await t.services.usage.forKey(callerFor(people.admin), people.ug.id, key.id, now);
    expect(admin.usage.totals).to.deep.equal(usage.totals);
    const member = await t.services.usage.forKey(callerFor(people.member), people.ug.id, key.id, now);
    expect(member.usage.totals).to.deep.equal(usage.totals);
    expect(await rejects(t.services.usage.forKey(callerFor(people.outsider), people.ug.id, key.id, now))).to.be.instanceOf(NotFoundError);
    const elsewhere = await createUg(t.services);
    expect(await rejects(t.services.usage.forKey(callerFor(people.admin), elsewhere.id, key.id, now))).to.be.instanceOf(NotFoundError);
  });
});
