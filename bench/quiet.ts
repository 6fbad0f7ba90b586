/** How busy the machine is before a scenario starts: other processes' load skews every figure on 2 cores. */
import { cpus } from 'node:os';

function totals(): { busy: number; all: number } {
  let busy = 0;
  let all = 0;
  for (const { times } of cpus()) {
    const sum = times.user + times.nice + times.sys + times.idle + times.irq;
    all += sum;
    busy += sum - times.idle;
  }
  return { busy, all };
}

/** The fraction (0–1) of all cores' time spent busy during `ms` milliseconds while the benchmark itself is idle. */
export async function backgroundLoad(ms = 1000): Promise<number> {
  const before = totals();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = totals();
  const all = after.all - before.all;
  return all > 0 ? (after.busy - before.busy) / all : 0;
}
