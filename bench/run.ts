/**
 * `npm run bench [-- --json] [--duration S] [--connections N] [--warmup S] [--rounds N] [--only a,b] [--profile DIR]`:
 * the product and its references (bench/scenarios.ts), each server in its own child process, loaded with autocannon
 * one scenario at a time, in interleaved rounds; ratios are taken round by round between servers running the same
 * number of processes.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startChild, type Child } from './children.ts';
import { measure, type Figures, type LoadSettings } from './load.ts';
import { backgroundLoad } from './quiet.ts';
import { summarize, table, type Report } from './report.ts';
import { CHECKS, RATIOS, SCENARIOS, SERVERS, type Seeds, type ServerSpec } from './scenarios.ts';
import { seedDemo, seedKeys } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});

function positive(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}

const settings: LoadSettings & { rounds: number } = {
  duration: positive('duration', args.duration, 1),
  connections: positive('connections', args.connections, 1),
  warmup: positive('warmup', args.warmup, 0),
  rounds: positive('rounds', args.rounds, 1),
};
const FEW_KEYS = 10;
const MANY_KEYS = 10_000;
const DEMO_ROWS = 10_000;
/** Above this share of CPU used by other processes just before a scenario, its figures are flagged as unreliable. */
const BUSY_THRESHOLD = 0.1;

const only = args.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !SCENARIOS.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) throw new Error(`--only: no scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.name));
const wanted = new Set(scenarios.map((s) => s.server));
// The peers sign for the product's issuer (bench/peers/issuer.ts): it runs whenever they do.
if (wanted.has('oauth2orize') || wanted.has('nodeOauth')) wanted.add('product');
const servers = SERVERS.filter((s) => wanted.has(s.name));
/** With --profile DIR, the product's processes write V8 CPU profiles there when they stop. */
const profileArgs = args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args.profile)] : [];

const say = (line: string) => process.stderr.write(`${line}\n`);

const loadBefore = loadavg();
const tmp = await mkdtemp(path.join(tmpdir(), 'cidades-bench-'));
const started = new Map<string, Child>();
const rounds: Array<Record<string, Figures>> = [];
const busy: Report['busy'] = [];
const problems: string[] = [];
let seeds: Seeds;
try {
  const file = (name: string) => path.join(tmp, `${name}.sqlite3`);
  say(`seeding ${FEW_KEYS} and ${MANY_KEYS} integrações and ${DEMO_ROWS} demo contratações in ${tmp} (not measured)…`);
  seeds = {
    few: { ...(await seedKeys(file('few'), FEW_KEYS)), file: file('few') },
    many: { ...(await seedKeys(file('many'), MANY_KEYS)), file: file('many') },
    demo: { ...(await seedDemo(file('demo'), DEMO_ROWS)), file: file('demo') },
  };

  const urlOf = (name: string) => {
    const child = started.get(name);
    if (!child) throw new Error(`server ${name} is not running`);
    return child.url;
  };
  for (const server of servers) {
    say(`starting ${server.name} (${server.label}, ${server.processes} process${server.processes > 1 ? 'es' : ''})…`);
    const child = await startChild(server.script, server.env(seeds, urlOf), server.product ? profileArgs : [], server.readyPath);
    started.set(server.name, child);
    if (server.product && args.profile) say(`  ${server.name}: profiles of pid ${child.pid} and its workers in ${args.profile}`);
  }
  for (const check of CHECKS.filter((c) => c.servers.every((name) => started.has(name)))) {
    say(`checking: ${check.label}`);
    await check.run(urlOf, seeds);
  }

  // Each round runs every scenario once, starting further down the list each time, so that no scenario always
  // follows the same one; servers compared in a ratio sit next to each other in the list.
  const step = Math.max(1, Math.floor(scenarios.length / settings.rounds));
  for (let r = 0; r < settings.rounds; r++) {
    const order = [...scenarios.slice((r * step) % scenarios.length), ...scenarios.slice(0, (r * step) % scenarios.length)];
    const figures: Record<string, Figures> = {};
    for (const scenario of order) {
      const otherCpu = await backgroundLoad();
      const note = otherCpu > BUSY_THRESHOLD ? ` — machine busy: ${(otherCpu * 100).toFixed(0)}% CPU used by other processes` : '';
      if (note) busy.push({ round: r + 1, scenario: scenario.name, otherCpu: Number(otherCpu.toFixed(3)) });
      say(`round ${r + 1}/${settings.rounds}: ${scenario.name} (${scenario.label})…${note}`);
      const child = started.get(scenario.server) as Child;
      const load = await scenario.load(child.url, seeds);
      const connections = Math.min(settings.connections, scenario.connections ?? settings.connections);
      const { figures: f, problems: found } = await measure(`${scenario.name} (round ${r + 1})`, load, child.pid, {
        ...settings,
        connections,
      });
      figures[scenario.name] = f;
      problems.push(...found);
    }
    rounds.push(figures);
  }
} finally {
  for (const child of started.values()) await child.stop();
  await rm(tmp, { recursive: true, force: true });
}

const serverOf = (name: string) => SERVERS.find((s) => s.name === name) as ServerSpec;
const report = summarize(
  {
    ...settings,
    demoRows: seeds.demo.rows,
    listedRows: seeds.demo.listedRows,
    keys: { few: FEW_KEYS, many: MANY_KEYS },
    node: process.version,
    cpus: cpus().length,
    loadAverage: { before: loadBefore, after: loadavg() },
  },
  rounds,
  { scenarios, servers: scenarios.map((s) => serverOf(s.server)), ratios: RATIOS },
  busy,
  problems,
);
process.stdout.write(`${args.json ? JSON.stringify(report, null, 2) : table(report)}\n`);
if (problems.length > 0) process.exitCode = 1;
