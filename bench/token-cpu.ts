/**
 * `npx tsx bench/token-cpu.ts [--requests N] [--rounds R] [--connections C] [--only a,b] [--profile DIR] [--seeds DIR]`:
 * CPU time per token (µs) of the token endpoint's servers over a fixed number of requests each, in interleaved rounds:
 * the steadier measure on a shared machine, where requests/s swing with what else runs. `--seeds DIR` keeps the
 * seeded databases there and reuses them on the next run.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startChild, type Child } from './children.ts';
import { FORM_TYPE, rotate, TOKEN_FORM } from './clients.ts';
import { SERVERS, type Seeds } from './scenarios.ts';
import { seedKeys, type KeysSeed } from './seed.ts';
import { sampleUsage } from './usage.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '4000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '20' },
    only: { type: 'string', default: 'product,productManyKeys,providerFloor,oauth2orize' },
    profile: { type: 'string' },
    seeds: { type: 'string', default: '/tmp/cidades-token-cpu' },
    /** Another checkout of the product (a commit before a change, with its node_modules): served as `base`, 10 keys. */
    base: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});
const requests = Number(args.requests);
/** bench/provider-floor.ts's clients. */
const FLOOR = Array.from({ length: 10 }, (_, i) => ({ clientId: `client${i}`, secret: `secret${i}` }));
const names = args.only.split(',');

async function seeded(name: string, count: number): Promise<KeysSeed & { file: string }> {
  const file = path.join(args.seeds, `${name}.sqlite3`);
  const json = path.join(args.seeds, `${name}.json`);
  if (existsSync(json)) return { ...(JSON.parse(await readFile(json, 'utf8')) as KeysSeed), file };
  const seed = await seedKeys(file, count);
  await writeFile(json, JSON.stringify(seed));
  return { ...seed, file };
}

await mkdir(args.seeds, { recursive: true });
const few = await seeded('few', 10);
const many = await seeded('many', 10_000);
const seeds = { few, many, demo: { file: '' } } as unknown as Seeds;
const profileArgs = args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args.profile)] : [];

const started = new Map<string, Child>();
const figures = new Map<string, number[]>();
const say = (line: string) => process.stderr.write(`${line}\n`);
try {
  // The peers sign for the product's issuer: it starts first.
  const wanted = new Set(names);
  if (wanted.has('oauth2orize') || wanted.has('nodeOauth')) wanted.add('product');
  const product = SERVERS.find((s) => s.name === 'product') as (typeof SERVERS)[number];
  const base = args.base ? [{ ...product, name: 'base', script: path.join(path.resolve(args.base), 'app', 'server.ts') }] : [];
  for (const server of [...SERVERS, ...base].filter((s) => wanted.has(s.name))) {
    const urlOf = (name: string) => (started.get(name) as Child).url;
    started.set(server.name, await startChild(server.script, server.env(seeds, urlOf), profileArgs, server.readyPath));
  }
  const rounds = Number(args.rounds);
  for (let r = 0; r < rounds; r++) {
    const order = [...names.slice(r % names.length), ...names.slice(0, r % names.length)];
    for (const name of order) {
      const child = started.get(name) as Child;
      const next = rotate(name === 'productManyKeys' ? many.credentials : name === 'providerFloor' ? FLOOR : few.credentials);
      const load = (amount: number) =>
        autocannon({
          url: `${child.url}/oauth/token`,
          method: 'POST',
          connections: Number(args.connections),
          amount,
          headers: { 'content-type': FORM_TYPE },
          body: TOKEN_FORM,
          requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers, authorization: next() } }) }],
        });
      await load(Math.ceil(requests / 4));
      const usage = sampleUsage(child.pid);
      const result = await load(requests);
      const { cpuSeconds } = usage.stop();
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      const us = Math.round((cpuSeconds * 1e6) / result.requests.total);
      figures.set(name, [...(figures.get(name) ?? []), us]);
      if (!args.quiet) say(`round ${r + 1}: ${name} ${us} µs/token, ${Math.round(result.requests.average)} req/s`);
    }
  }
} finally {
  for (const child of started.values()) await child.stop();
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
for (const [name, xs] of figures)
  say(`${name}: median ${median(xs)} µs/token (${Math.min(...xs)}–${Math.max(...xs)}) over ${xs.length} rounds`);
const quartiles = (xs: number[]) => {
  const sorted = [...xs].sort((x, y) => x - y);
  const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] as number).toFixed(3);
  return `median ${at(0.5)}, quartiles ${at(0.25)}–${at(0.75)}, range ${at(0)}–${at(1)}`;
};
const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
// Each server against the first named, round by round.
const first = figures.get(names[0] as string) as number[];
for (const [name, xs] of figures)
  if (name !== names[0])
    say(
      `${name} / ${names[0]}: ${(sum(xs) / sum(first)).toFixed(3)} in all; per round ${quartiles(xs.map((x, i) => x / (first[i] as number)))}`,
    );
