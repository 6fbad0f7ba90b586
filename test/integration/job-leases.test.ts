import { expect } from 'chai';
import { JobLeasesRepository } from '../../app/jobs/job-leases.repository.ts';
import { LeasedSchedule, type JobRun } from '../../app/jobs/leased-schedule.ts';
import { createLogger } from '../../app/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const NOW = new Date('2026-12-02T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const MINUTE = 60_000;

describe('job leases: one holder per job across processes and instances', () => {
  let database: TestDatabase;
  let leases: JobLeasesRepository;

  beforeEach(async () => {
    database = await createTestDatabase();
    leases = new JobLeasesRepository(database.db);
  });
  afterEach(() => database.destroy());

  const holderOf = async (name: string) =>
    (await database.db('job_leases').where({ name }).first<{ holder: string } | undefined>())?.holder;

  it('two holders racing for a free lease: exactly one gets it', async () => {
    for (let round = 0; round < 5; round += 1) {
      const name = `corrida-${round}`;
      const got = await Promise.all(['a', 'b', 'c'].map((holder) => leases.acquire(name, holder, NOW, later(MINUTE))));
      expect(got.filter(Boolean), name).to.have.length(1);
      expect(await holderOf(name)).to.equal(['a', 'b', 'c'][got.indexOf(true)]);
    }
  });

  it('the holder renews it; another is refused until it expires, then takes it over', async () => {
    expect(await leases.acquire('notices', 'a', NOW, later(MINUTE))).to.equal(true);
    expect(await leases.acquire('notices', 'a', later(30_000), later(2 * MINUTE))).to.equal(true);
    expect(await leases.acquire('notices', 'b', later(MINUTE + 1), later(3 * MINUTE))).to.equal(false);
    expect(await leases.acquire('notices', 'b', later(2 * MINUTE), later(3 * MINUTE))).to.equal(true);
    expect(await holderOf('notices')).to.equal('b');
    expect(await leases.acquire('notices', 'a', later(2 * MINUTE), later(4 * MINUTE))).to.equal(false);
  });

  it('a released lease is free at once; a holder that lost it cannot release it from the new one', async () => {
    await leases.acquire('notices', 'a', NOW, later(MINUTE));
    await leases.release('notices', 'b');
    expect(await holderOf('notices')).to.equal('a');
    await leases.release('notices', 'a');
    expect(await holderOf('notices')).to.equal(undefined);
    expect(await leases.acquire('notices', 'b', NOW, later(MINUTE))).to.equal(true);
  });

  it('a schedule runs its job only while it holds the lease, and releases it on stop', async () => {
    const runs: string[] = [];
    const job = (label: string) => ({
      name: 'agendado',
      async run({ stillHeld }: JobRun) {
        runs.push(label);
        expect(await stillHeld()).to.equal(true);
      },
    });
    const logger = createLogger('silent');
    const first = new LeasedSchedule(leases, job('primeira'), 1000);
    const second = new LeasedSchedule(leases, job('segunda'), 1000);
    expect(await Promise.all([first.tick(logger), second.tick(logger)])).to.have.members([true, false]);
    const [holder, other] = runs[0] === 'primeira' ? [first, second] : [second, first];
    expect(await other.tick(logger)).to.equal(false);
    expect(await holder.tick(logger)).to.equal(true);
    await holder.stop();
    expect(await other.tick(logger)).to.equal(true);
    expect(runs).to.have.length(3);
    expect(await holderOf('agendado')).to.equal(other.holder);
    await other.stop();
  });
});
