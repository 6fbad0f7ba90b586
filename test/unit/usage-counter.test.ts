import { expect } from 'chai';
import { UsageCounter } from '../../app/usage/usage-counter.ts';
import type { UsageIncrement } from '../../app/usage/usage.repository.ts';

/** A repository that records what it is given, and refuses while told to. */
class Recording {
  added: UsageIncrement[][] = [];
  refuse = false;
  async add(increments: readonly UsageIncrement[]): Promise<void> {
    if (this.refuse) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    this.added.push(increments.map((i) => ({ ...i })));
  }
}

const sorted = (increments: UsageIncrement[] | undefined) =>
  [...(increments ?? [])].sort((a, b) => `${a.clientId}${a.medida}${a.motivo}`.localeCompare(`${b.clientId}${b.medida}${b.motivo}`));

describe('usage counter: in memory, added in batches', () => {
  // 12:00 in São Paulo (UTC-3).
  const NOON = Date.UTC(2026, 11, 2, 15, 0, 0);

  it('adds up each key, measure and reason in memory and writes them in one batch, then nothing more', async () => {
    const repo = new Recording();
    const counter = new UsageCounter(repo);
    for (let i = 0; i < 3; i++) counter.tokenIssued('cid_a', NOON + i);
    counter.tokenRefused('cid_a', 'invalid_client', NOON);
    counter.tokenRefused('cid_a', 'invalid_client', NOON);
    counter.tokenRefused('cid_a', 'invalid_scope', NOON);
    for (let i = 0; i < 5; i++) counter.apiCall('cid_a', NOON);
    counter.apiRefused('cid_a', 403, NOON);
    counter.apiCall('cid_b', NOON);
    expect(repo.added).to.have.length(0);
    await counter.flush();
    expect(repo.added).to.have.length(1);
    const day = '2026-12-02';
    expect(sorted(repo.added[0])).to.deep.equal([
      { clientId: 'cid_a', dia: day, medida: 'api', motivo: '', n: 5 },
      { clientId: 'cid_a', dia: day, medida: 'api', motivo: '403', n: 1 },
      { clientId: 'cid_a', dia: day, medida: 'token', motivo: '', n: 3 },
      { clientId: 'cid_a', dia: day, medida: 'token', motivo: 'invalid_client', n: 2 },
      { clientId: 'cid_a', dia: day, medida: 'token', motivo: 'invalid_scope', n: 1 },
      { clientId: 'cid_b', dia: day, medida: 'api', motivo: '', n: 1 },
    ]);
    await counter.flush();
    expect(repo.added).to.have.length(1);
  });

  it("counts by the Tribunal's day: 23:59 and 00:00 in São Paulo (02:59 and 03:00 UTC) are two days", async () => {
    const repo = new Recording();
    const counter = new UsageCounter(repo);
    const midnight = Date.UTC(2026, 11, 2, 3, 0, 0);
    counter.apiCall('cid_a', midnight - 30_000);
    counter.apiCall('cid_a', midnight - 1);
    counter.apiCall('cid_a', midnight);
    counter.apiCall('cid_a', midnight + 59_000);
    await counter.flush();
    expect(repo.added[0]?.map(({ dia, n }) => ({ dia, n }))).to.deep.equal([
      { dia: '2026-12-01', n: 2 },
      { dia: '2026-12-02', n: 2 },
    ]);
  });

  it('keeps a batch the database refused, adds what is counted meanwhile, and writes it all at the next flush', async () => {
    const repo = new Recording();
    const counter = new UsageCounter(repo);
    counter.tokenIssued('cid_a', NOON);
    counter.tokenIssued('cid_a', NOON);
    repo.refuse = true;
    let refused: unknown;
    await counter.flush().catch((err: unknown) => {
      refused = err;
    });
    expect(refused).to.have.property('code', 'ECONNREFUSED');
    counter.tokenIssued('cid_a', NOON);
    counter.apiCall('cid_a', NOON);
    repo.refuse = false;
    await counter.flush();
    expect(sorted(repo.added[0])).to.deep.equal([
      { clientId: 'cid_a', dia: '2026-12-02', medida: 'api', motivo: '', n: 1 },
      { clientId: 'cid_a', dia: '2026-12-02', medida: 'token', motivo: '', n: 3 },
    ]);
  });

  it('writes what is pending when stopped, after a flush already under way', async () => {
    let release: () => void = () => undefined;
    const written: number[] = [];
    const slow = {
      add: async (increments: readonly UsageIncrement[]) => {
        if (written.length === 0) await new Promise<void>((resolve) => (release = resolve));
        written.push(increments.reduce((n, i) => n + i.n, 0));
      },
    };
    const counter = new UsageCounter(slow);
    counter.apiCall('cid_a', NOON);
    const first = counter.flush();
    counter.apiCall('cid_a', NOON);
    counter.apiCall('cid_a', NOON);
    const stopped = counter.stop();
    release();
    await Promise.all([first, stopped]);
    expect(written).to.deep.equal([1, 2]);
  });
});
