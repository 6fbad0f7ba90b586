import { expect } from 'chai';
import { IntegrationsRepository } from '../../app/integrations/integrations.repository.ts';
import { LastUseRecorder } from '../../app/integrations/last-use-recorder.ts';
import { TokenClientsRepository, type UseGroup } from '../../app/oauth/token-clients.repository.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';

describe('último uso of keys, written in batches', () => {
  let t: TestServices;
  let keys: Key[];

  before(async () => {
    t = await createTestServices();
    const ugId = (await createUg(t.services)).id;
    keys = [];
    for (let i = 0; i < 4; i += 1) keys.push(await createKey(t.services, ugId));
  });
  after(() => t.close());

  /** The creation of the key's current secret (epoch ms): which secret a use names. */
  const secretOf = async (key: Key) =>
    ((await new IntegrationsRepository(t.database.db).findById(key.id))?.secretCreatedAt as Date).getTime();

  it('writes three UPDATEs per second and IP (the key, its current secret, its previous one), at most once a minute per secret, to the second', async () => {
    const integrations = new IntegrationsRepository(t.database.db);
    const recorder = new LastUseRecorder(new TokenClientsRepository(t.database.db));
    const at = Date.UTC(2026, 10, 24, 12, 0, 5, 300);
    const [a, b, c, d] = keys as [Key, Key, Key, Key];
    recorder.record(a.clientId, await secretOf(a), '10.0.0.1', at);
    recorder.record(b.clientId, await secretOf(b), '10.0.0.1', at + 200);
    recorder.record(c.clientId, await secretOf(c), '10.0.0.1', at + 400);
    recorder.record(d.clientId, await secretOf(d), '10.0.0.2', at + 500);
    recorder.record(a.clientId, await secretOf(a), '10.0.0.9', at + 30_000);
    const updates: string[] = [];
    const listener = (q: { sql: string }) => {
      if (/^update/i.test(q.sql)) updates.push(q.sql);
    };
    t.database.db.on('query', listener);
    await recorder.flush();
    t.database.db.removeListener('query', listener);
    expect(updates).to.have.length(6);
    const rows = await t.database
      .db('integracoes')
      .whereIn(
        'client_id',
        keys.map((k) => k.clientId),
      )
      .orderBy('id')
      .select('last_used_at', 'last_used_ip');
    expect(rows.map((r) => r.last_used_ip)).to.deep.equal(['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']);
    const found = await Promise.all(keys.map(async (k) => integrations.findById(k.id)));
    expect(found.map((k) => k?.lastUsedAt?.getTime())).to.deep.equal([at - 300, at - 300, at - 300, at - 300]);
    expect(found.map((k) => k?.secretUsedAt?.getTime())).to.deep.equal([at - 300, at - 300, at - 300, at - 300]);
    expect(found.map((k) => k?.secretUsedIp)).to.deep.equal(['10.0.0.1', '10.0.0.1', '10.0.0.1', '10.0.0.2']);
  });

  it("records a use as its own secret's, even when a renewal made that secret the previous one before the write", async () => {
    const integrations = new IntegrationsRepository(t.database.db);
    const recorder = new LastUseRecorder(new TokenClientsRepository(t.database.db));
    const [, , , d] = keys as [Key, Key, Key, Key];
    const used = Date.UTC(2026, 10, 26, 8, 0, 0);
    recorder.record(d.clientId, await secretOf(d), '10.0.0.3', used);
    await integrations.replaceSecret(d.id, 'f'.repeat(64), 'cds_XXXX…', {
      at: new Date(used + 500),
      graceUntil: new Date(used + 3_600_000),
    });
    // The same key's new secret, used in the same second from elsewhere: both are recorded, each as its own.
    recorder.record(d.clientId, used + 500, '10.0.0.4', used + 600);
    await recorder.flush();
    const key = await integrations.findById(d.id);
    expect(key?.previousSecret?.usedAt?.getTime()).to.equal(used);
    expect(key?.previousSecret?.usedIp).to.equal('10.0.0.3');
    expect(key?.secretUsedAt?.getTime()).to.equal(used);
    expect(key?.secretUsedIp).to.equal('10.0.0.4');
  });

  it('keeps a batch the database refused for the next flush', async () => {
    class RefusingOnce extends TokenClientsRepository {
      refuse = true;
      override async recordUses(groups: Iterable<UseGroup>): Promise<void> {
        if (!this.refuse) return super.recordUses(groups);
        this.refuse = false;
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      }
    }
    const integrations = new IntegrationsRepository(t.database.db);
    const recorder = new LastUseRecorder(new RefusingOnce(t.database.db));
    const at = Date.UTC(2026, 10, 25, 9, 30, 0);
    const [a] = keys as [Key];
    recorder.record(a.clientId, await secretOf(a), '10.0.0.7', at);
    let refused: unknown;
    await recorder.flush().catch((err: unknown) => {
      refused = err;
    });
    expect(refused).to.have.property('code', 'ECONNREFUSED');
    await recorder.flush();
    const key = await integrations.findById(a.id);
    expect(key?.lastUsedAt?.getTime()).to.equal(at);
    expect(key?.lastUsedIp).to.equal('10.0.0.7');
  });
});
