import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import { RevocationCache } from '../../app/oauth/revocation-cache.ts';
import { RevocationsRepository } from '../../app/oauth/revocations.repository.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';

const WINDOW_MS = 11 * 60_000;
/** A poll far longer than any test: what these tests see came from a read they asked for, or from a notification. */
const NO_POLL_MS = 10 * 60_000;

async function until(check: () => boolean, ms: number): Promise<boolean> {
  for (const started = Date.now(); Date.now() - started < ms; await sleep(10)) if (check()) return true;
  return check();
}

describe('revocation cache on a real database', () => {
  let database: TestDatabase;
  let repo: RevocationsRepository;
  let cache: RevocationCache;

  beforeEach(async () => {
    database = await createTestDatabase();
    repo = new RevocationsRepository(database.db);
    cache = new RevocationCache(repo, WINDOW_MS, NO_POLL_MS);
  });
  afterEach(async () => {
    await cache.stop();
    await database.destroy();
  });

  it('reads entries written since the last read, and only once', async () => {
    await repo.insert('cid_before', null);
    const seen: string[] = [];
    cache.onRevocation((clientId) => seen.push(clientId));
    await cache.ready();
    expect(cache.isRevoked('cid_before', 1)).to.equal(true);
    await repo.insert('cid_after', 5_000);
    await cache.refresh();
    await cache.refresh();
    expect(cache.isRevoked('cid_after', 4_999)).to.equal(true);
    expect(cache.isRevoked('cid_after', 5_000)).to.equal(false);
    expect(seen).to.deep.equal(['cid_before', 'cid_after']);
  });

  it('of two entries for one key, keeps the later written whatever order they arrive in', async () => {
    const blocked = await repo.insert('cid_x', null);
    const unblocked = await repo.insert('cid_x', 7_000);
    cache.apply([unblocked]);
    cache.apply([blocked]);
    expect(cache.isRevoked('cid_x', 7_000)).to.equal(false);
    expect(cache.isRevoked('cid_x', 6_999)).to.equal(true);
  });

  it("refuses more once an entry's grace ends, and keeps such an entry, in the cache and the log, a token lifetime past that end", async () => {
    const now = Date.now();
    const graceEnds = now + WINDOW_MS * 2;
    await repo.insert('cid_rotated', 1_000, new Date(now - WINDOW_MS * 3), { validFromVersion: 2_000, from: graceEnds });
    // A process starting now reads it though it was written three token lifetimes ago: its grace has not ended.
    await cache.ready();
    expect(cache.isRevoked('cid_rotated', 999, now)).to.equal(true);
    expect(cache.isRevoked('cid_rotated', 1_000, now), 'the previous secret, during the grace').to.equal(false);
    expect(cache.isRevoked('cid_rotated', 1_000, graceEnds - 1)).to.equal(false);
    expect(cache.isRevoked('cid_rotated', 1_000, graceEnds), 'the previous secret, once the grace ended').to.equal(true);
    expect(cache.isRevoked('cid_rotated', 2_000, graceEnds), 'the current secret').to.equal(false);
    // The clean-up keeps it until a token lifetime after the grace, then removes it.
    expect(await repo.deleteBefore(new Date(graceEnds), 10)).to.equal(0);
    expect(await repo.deleteBefore(new Date(graceEnds + 1), 10)).to.equal(1);
  });

  it("withdraws escrita from a key's tokens while its latest permission change lowered it to leitura, whatever comes after", async () => {
    await repo.insert('cid_p', 1_000, new Date(), null, 'leitura');
    await cache.ready();
    expect(cache.lostEscrita('cid_p')).to.equal(true);
    expect(cache.isRevoked('cid_p', 1_000), 'tokens of its secret stay valid').to.equal(false);
    await repo.insert('cid_p', 1_000, new Date(), null, 'escrita');
    await cache.refresh();
    expect(cache.lostEscrita('cid_p')).to.equal(false);
    const lowered = await repo.insert('cid_p', 1_000, new Date(), null, 'leitura');
    // A renewal with a grace keeps the previous secret's tokens valid: they do not regain escrita with it.
    const renewed = await repo.insert('cid_p', 1_000, new Date(), { validFromVersion: 2_000, from: Date.now() + 60_000 });
    await cache.refresh();
    expect(cache.isRevoked('cid_p', 1_000)).to.equal(false);
    expect(cache.lostEscrita('cid_p')).to.equal(true);
    // Taken in the other way round (a relayed entry before the log's), the same.
    const other = new RevocationCache(repo, WINDOW_MS, NO_POLL_MS);
    other.apply([renewed]);
    other.apply([lowered]);
    expect(other.lostEscrita('cid_p')).to.equal(true);
    expect(cache.lostEscrita('cid_never')).to.equal(false);
  });

  it('sees an entry whose transaction commits after a later entry was read (commit order, not id order)', async function () {
    if (!onPostgres) this.skip(); // SQLite has one writer at a time: ids are assigned in commit order there.
    await cache.ready();
    const trx = await database.db.transaction();
    try {
      // The slow transaction gets the lower id, then a quick one commits and is read first.
      await new RevocationsRepository(trx).insert('cid_slow', null);
      await repo.insert('cid_quick', null);
      await cache.refresh();
      expect(cache.isRevoked('cid_quick', 1)).to.equal(true);
      expect(cache.isRevoked('cid_slow', 1)).to.equal(false);
      await trx.commit();
    } catch (err) {
      await trx.rollback();
      throw err;
    }
    await cache.refresh();
    expect(cache.isRevoked('cid_slow', 1)).to.equal(true);
  });

  it('on PostgreSQL, is told of each committed entry at once, and listens again when its connection is lost', async function () {
    if (!onPostgres) this.skip(); // notifications are PostgreSQL's
    const errors: unknown[] = [];
    cache.start((err) => errors.push(err));
    await cache.ready();
    // Wait for the LISTEN connection (the poll is ten minutes away: only a notification can tell the cache).
    const listening = () =>
      database.db.raw<{ rows: unknown[] }>(
        "select 1 from pg_stat_activity where query = 'LISTEN cidades_revocations' and datname = current_database()",
      );
    for (let i = 0; i < 100 && (await listening()).rows.length === 0; i++) await sleep(20);
    await repo.insert('cid_notified', null);
    expect(await until(() => cache.isRevoked('cid_notified', 1), 2_000)).to.equal(true);

    const restarted = new RevocationCache(repo, WINDOW_MS, NO_POLL_MS);
    restarted.start((err) => errors.push(err));
    try {
      await restarted.ready();
      for (let i = 0; i < 100 && (await listening()).rows.length < 2; i++) await sleep(20);
      await database.db.raw(
        "select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN cidades_revocations' and datname = current_database()",
      );
      // Both caches listen again within about a second, and read what was committed meanwhile.
      await repo.insert('cid_while_away', null);
      expect(await until(() => restarted.isRevoked('cid_while_away', 1), 5_000)).to.equal(true);
      await sleep(1_500);
      await repo.insert('cid_after_relisten', null);
      expect(await until(() => restarted.isRevoked('cid_after_relisten', 1) && cache.isRevoked('cid_after_relisten', 1), 2_000)).to.equal(
        true,
      );
      expect(errors.length).to.be.greaterThan(0);
    } finally {
      await restarted.stop();
    }
  });
});
