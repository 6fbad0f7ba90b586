/** Resident memory of a server under load: its process and, for a cluster, its workers, read from /proc (Linux). */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

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

/**
 * Samples a server's processes every `intervalMs` until stopped; `stop` gives each one's peak RSS in MiB, the
 * started process first, then its workers by pid.
 */
export function sampleRss(pid: number, intervalMs = 250): { stop(): number[] } {
  const peaks = new Map<number, number>();
  const sample = () => {
    for (const p of [pid, ...nodeChildren(pid)]) {
      const rss = rssMiB(p);
      if (rss !== undefined) peaks.set(p, Math.max(peaks.get(p) ?? 0, rss));
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const workers = [...peaks.keys()].filter((p) => p !== pid).sort((a, b) => a - b);
      return [pid, ...workers].flatMap((p) => peaks.get(p) ?? []);
    },
  };
}
