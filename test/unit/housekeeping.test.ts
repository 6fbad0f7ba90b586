import { expect } from 'chai';
import { captureLog } from '../support/log-capture.ts';
import { Housekeeping, type CleanupJob } from '../../app/housekeeping/housekeeping.ts';

/** The log lines of a run so far, as the fields these tests compare. */
function capturingLogger() {
  const capture = captureLog('info');
  return {
    logger: capture.logger,
    lines: () => capture.entries() as Array<{ level: number; msg: string; table?: string; deleted?: number }>,
  };
}

/** A job over `backlog` rows that records each batch it was asked for. */
function backlogJob(name: string, backlog: number, batches: number[] = []): CleanupJob & { batches: number[] } {
  let left = backlog;
  return {
    name,
    batches,
    async deleteExpired(_now, limit) {
      const n = Math.min(left, limit);
      left -= n;
      batches.push(n);
      return n;
    },
  };
}

describe('housekeeping runs', () => {
  it('logs a failing job and still runs the next one', async () => {
    const failing: CleanupJob = {
      name: 'quebrada',
      deleteExpired: () => Promise.reject(new Error('banco indisponível')),
    };
    const next = backlogJob('seguinte', 2);
    const { logger, lines } = capturingLogger();
    expect(await new Housekeeping([failing, next], 10).run(logger)).to.deep.equal({ quebrada: 0, seguinte: 2 });
    expect(lines().map(({ level, msg, table }) => ({ level, msg, table }))).to.deep.equal([
      { level: 50, msg: 'could not remove expired rows', table: 'quebrada' },
      { level: 30, msg: 'expired rows removed', table: 'seguinte' },
    ]);
  });

  it('runs the maintenance tasks after the clean-up, logging one that fails and still running the next', async () => {
    const ran: string[] = [];
    const tasks = [
      { name: 'quebrada', run: () => Promise.reject(new Error('banco indisponível')) },
      { name: 'estatisticas', run: async () => void ran.push('estatisticas') },
    ];
    const { logger, lines } = capturingLogger();
    await new Housekeeping([backlogJob('seguinte', 1)], 10, tasks).run(logger);
    expect(ran).to.deep.equal(['estatisticas']);
    expect(lines().map(({ level, msg }) => ({ level, msg }))).to.deep.equal([
      { level: 30, msg: 'expired rows removed' },
      { level: 50, msg: 'maintenance task failed' },
    ]);
  });

  it('stops a long backlog after the batch under way when the app stops', async () => {
    const job = backlogJob('grande', 1000);
    const housekeeping: Housekeeping = new Housekeeping(
      [
        {
          name: job.name,
          async deleteExpired(now, limit) {
            const n = await job.deleteExpired(now, limit);
            if (job.batches.length === 3) void housekeeping.stop();
            return n;
          },
        },
      ],
      5,
    );
    expect(await housekeeping.run(capturingLogger().logger)).to.deep.equal({ grande: 15 });
  });
});
