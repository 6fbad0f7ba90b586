/**
 * `npx tsx bench/profile-top.ts FILE.cpuprofile [--top N] [--skip S]`: where a server's time went, from a V8 CPU
 * profile written by `npm run bench -- --profile DIR`: the N functions with the most self time, and the same time
 * summed per package (or per file of the app), as shares of the time not idle; `--skip` leaves out the first S
 * seconds (the server's start: loading and compiling modules).
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '25' }, skip: { type: 'string', default: '0' } },
});
const [file] = positionals;
if (!file) throw new Error('usage: npx tsx bench/profile-top.ts FILE.cpuprofile [--top N] [--skip S]');
const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
const skipUs = Number(args.skip) * 1e6;

/** Each node's self time (µs): a sample's time delta belongs to the node it hit. */
const selfTime = new Map<number, number>();
let elapsed = 0;
profile.samples.forEach((id, i) => {
  const delta = profile.timeDeltas[i] ?? 0;
  elapsed += delta;
  if (elapsed >= skipUs) selfTime.set(id, (selfTime.get(id) ?? 0) + delta);
});

/** Where a function lives: its package under node_modules, the app's file, or Node.js's own module. */
function area(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return url;
  const own = /\/((?:app|bench)\/.+)$/.exec(url)?.[1];
  return own ?? (url || '(native / V8)');
}

const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
let busy = 0;
for (const node of profile.nodes) {
  const time = selfTime.get(node.id) ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(idle)' || time === 0) continue;
  busy += time;
  const where = url ? `${area(url)}:${lineNumber + 1}` : '';
  const name = `${functionName || '(anonymous)'} ${where}`.trim();
  byFunction.set(name, (byFunction.get(name) ?? 0) + time);
  const key = url ? area(url) : functionName;
  byArea.set(key, (byArea.get(key) ?? 0) + time);
}

function top(title: string, entries: Map<string, number>, n: number): void {
  process.stdout.write(`\n${title}\n`);
  for (const [name, time] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    process.stdout.write(`${((100 * time) / busy).toFixed(1).padStart(6)} %  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}\n`);
  }
}

process.stdout.write(`${file}: ${(busy / 1000).toFixed(0)} ms busy (not idle), after the first ${args.skip} s\n`);
top('self time by function', byFunction, Number(args.top));
top('self time by package or file', byArea, Number(args.top));
