import { expect } from 'chai';
import { MAX_RESTART_DELAY_MS, RESTART_DELAY_MS, STABLE_MS, restartDelay } from '../../app/restart-backoff.ts';

/** The waits before each replacement, for processes that served `served[i]` ms each, one dying after the other. */
function waits(served: number[]): number[] {
  let backoff = RESTART_DELAY_MS;
  return served.map((ms) => {
    const { delayMs, next } = restartDelay(backoff, ms);
    backoff = next;
    return delayMs;
  });
}

describe('restart backoff', () => {
  it('waits 100 ms before the first replacement, then doubles the wait for each quick death in a row', () => {
    expect(waits([0, 50, 1_000, STABLE_MS - 1])).to.deep.equal([100, 200, 400, 800]);
  });

  it('never waits more than 10 s', () => {
    expect(MAX_RESTART_DELAY_MS).to.equal(10_000);
    expect(waits(Array<number>(10).fill(0))).to.deep.equal([100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000, 10_000]);
  });

  it('replaces a process that served 30 s at once, and the next quick death waits 100 ms again', () => {
    expect(STABLE_MS).to.equal(30_000);
    expect(waits([0, 0, 0, 0, 0, 0, 0, 0, STABLE_MS, 0, 0])).to.deep.equal([100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 0, 100, 200]);
  });
});
