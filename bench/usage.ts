/**
 * What a server's processes use under load, read from /proc (Linux): each one's peak resident memory and the CPU
 * time they spend in all. The server's process and, for a cluster, its workers.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Kernel clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** VmRSS of a process in MiB, or undefined once it is gone (or off Linux). */
function rssMiB(pid: number): number | undefined {
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`) ?? '')?.[1];
  return kib === undefined ? undefined : Number(kib) / 1024;
}

/** User plus system CPU time of a process so far, in seconds (0 once it is gone). */
function cpuSeconds(pid: number): number {
  // The fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14th and 15th.
  const fields = (read(`/proc/${pid}/stat`) ?? '').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / TICKS_PER_SECOND;
}

/** The Node.js processes a process started (cluster workers), not the other programs (tsx's esbuild service). */
function nodeChildren(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = tasks.flatMap((task) => (read(`/proc/${pid}/task/${task}/children`) ?? '').split(' ').filter(Boolean).map(Number));
  return children.filter((child) => {
    try {
      return readlinkSync(`/proc/${child}/exe`) === process.execPath;
    } catch {
      return false;
    }
  });
}

export interface Usage {
  /** Each process's peak RSS in MiB, the started process first, then its workers by pid. */
  rssMiB: number[];
  /** CPU time all of them spent between the start and the stop of the sampling, in seconds. */
  cpuSeconds: number;
}

/** Samples a server's processes every `intervalMs` until stopped. */
export function sampleUsage(pid: number, intervalMs = 250): { stop(): Usage } {
  const peaks = new Map<number, number>();
  const cpuAtStart = new Map<number, number>();
  const sample = () => {
    for (const p of [pid, ...nodeChildren(pid)]) {
      const rss = rssMiB(p);
      if (rss !== undefined) peaks.set(p, Math.max(peaks.get(p) ?? 0, rss));
      if (!cpuAtStart.has(p)) cpuAtStart.set(p, cpuSeconds(p));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const workers = [...peaks.keys()].filter((p) => p !== pid).sort((a, b) => a - b);
      const cpu = [...cpuAtStart].reduce((sum, [p, start]) => sum + Math.max(0, cpuSeconds(p) - start), 0);
      return { rssMiB: [pid, ...workers].flatMap((p) => peaks.get(p) ?? []), cpuSeconds: cpu };
    },
  };
}
