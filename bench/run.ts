/**
 * `npm run bench [-- --json] [--duration N] [--connections N] [--warmup N] [--profile DIR]`: measures the token
 * endpoint and /api/v1/me against a bare Express route (and, for reference, node-oidc-provider alone), each server in
 * its own child process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { withChild } from './children.ts';
import { measure, type Figures, type LoadSettings, type Measurement, type Scenario } from './load.ts';
import { backgroundLoad } from './quiet.ts';
import { seed, type Credential } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    profile: { type: 'string' },
  },
});

function positive(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}

const settings: LoadSettings = {
  duration: positive('duration', args.duration, 1),
  connections: positive('connections', args.connections, 1),
  warmup: positive('warmup', args.warmup, 0),
};
const here = import.meta.dirname;
const ceilingScript = path.join(here, 'ceiling.ts');
const floorScript = path.join(here, 'provider-floor.ts');
/** provider-floor.ts's static clients. */
const floorCredentials: Credential[] = Array.from({ length: 10 }, (_, i) => ({ clientId: `client${i}`, secret: `secret${i}` }));
/** The product as `npm start` runs it: one server process per CPU (WEB_CONCURRENCY unset). */
const serverScript = path.join(here, '..', 'app', 'server.ts');
/** With --profile DIR, the product's server children write V8 CPU profiles there. */
const profileArgs = args.profile ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(args.profile)] : [];
const READY_PATH = '/oauth/jwks';
const FEW_KEYS = 10;
const MANY_KEYS = 10_000;

const say = (line: string) => process.stdout.write(`${line}\n`);

const basic = ({ clientId, secret }: Credential) => `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;

/** Each call returns the next key's Basic header: the requests of all connections cycle through every key. */
function rotate(credentials: Credential[]): () => string {
  const headers = credentials.map(basic);
  let i = 0;
  return () => headers[i++ % headers.length] as string;
}

function tokenScenario(name: string, url: string, credentials: Credential[]): Scenario {
  return {
    name,
    url: `${url}/oauth/token`,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
    authorization: rotate(credentials),
  };
}

async function accessToken(url: string, credential: Credential): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(credential), 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: unknown };
  if (!response.ok || typeof body.access_token !== 'string')
    throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

const results: Record<string, Figures> = {};
const problems: string[] = [];
/** Above this share of CPU used by other processes just before a scenario, its figures are flagged as unreliable. */
const BUSY_THRESHOLD = 0.1;
const busyScenarios: string[] = [];

async function run(scenario: Scenario): Promise<void> {
  const load = await backgroundLoad();
  const busy = load > BUSY_THRESHOLD ? ` — machine busy: ${(load * 100).toFixed(0)}% CPU used by other processes` : '';
  if (busy) busyScenarios.push(scenario.name);
  say(`measuring ${scenario.name} (${settings.connections} connections, ${settings.warmup} s warm-up + ${settings.duration} s)…${busy}`);
  const { figures, problems: found }: Measurement = await measure(scenario, settings);
  results[scenario.name] = figures;
  problems.push(...found);
}

const tmp = await mkdtemp(path.join(tmpdir(), 'cidades-bench-'));
try {
  say(`seeding ${FEW_KEYS} and ${MANY_KEYS} integrações in ${tmp} (not measured)…`);
  const few = await seed(path.join(tmp, 'few.sqlite3'), FEW_KEYS);
  const many = await seed(path.join(tmp, 'many.sqlite3'), MANY_KEYS);
  const productEnv = (file: string) => ({ DATABASE_URL: path.join(tmp, file), LOG_LEVEL: 'silent' });

  await withChild(ceilingScript, { WEB_CONCURRENCY: '1' }, [], '/ping', (url) => run({ name: 'ceiling', url: `${url}/ping` }));
  // Not a target: the bare route in one process per CPU, as the product runs, to show what the load generator allows.
  await withChild(ceilingScript, { WEB_CONCURRENCY: String(availableParallelism()) }, [], '/ping', (url) =>
    run({ name: 'ceilingPerCpu', url: `${url}/ping` }),
  );
  // Not a target either: node-oidc-provider alone, the best any product built on it can do here.
  await withChild(floorScript, { WEB_CONCURRENCY: String(availableParallelism()) }, [], READY_PATH, (url) =>
    run(tokenScenario('providerFloor', url, floorCredentials)),
  );
  await withChild(serverScript, productEnv('few.sqlite3'), profileArgs, READY_PATH, async (url) => {
    await run(tokenScenario('token', url, few));
    const token = await accessToken(url, few[0] as Credential);
    await run({ name: 'me', url: `${url}/api/v1/me`, headers: { authorization: `Bearer ${token}` } });
  });
  await withChild(serverScript, productEnv('many.sqlite3'), profileArgs, READY_PATH, (url) =>
    run(tokenScenario('tokenManyKeys', url, many)),
  );
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const ratio = (a: string, b: string) => Number(((results[a]?.rps ?? 0) / (results[b]?.rps ?? 1)).toFixed(3));
const ratios = {
  token: ratio('token', 'ceiling'),
  me: ratio('me', 'ceiling'),
  tokenManyKeys: ratio('tokenManyKeys', 'token'),
  tokenOfProviderFloor: ratio('token', 'providerFloor'),
};
const targets = [
  { label: 'token/ceiling', value: ratios.token, target: 0.3 },
  { label: 'me/ceiling', value: ratios.me, target: 0.6 },
  { label: 'tokenManyKeys/token', value: ratios.tokenManyKeys, target: 0.9 },
];

say('');
say(`${'scenario'.padEnd(15)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}`);
for (const name of ['ceiling', 'ceilingPerCpu', 'providerFloor', 'token', 'tokenManyKeys', 'me']) {
  const f = results[name];
  if (f) say(`${name.padEnd(15)}${f.rps.toFixed(1).padStart(10)}${f.p50.toFixed(2).padStart(10)}${f.p99.toFixed(2).padStart(10)}`);
}
say('');
for (const { label, value, target } of targets) {
  say(`${label.padEnd(22)}${value.toFixed(3).padStart(7)}   target ≥ ${target.toFixed(2)}   ${value >= target ? 'PASS' : 'FAIL'}`);
}
say(
  `${'token/providerFloor'.padEnd(22)}${ratios.tokenOfProviderFloor.toFixed(3).padStart(7)}   (not a target: the provider alone, in memory)`,
);
if (busyScenarios.length > 0)
  say(
    `NOTE: other processes were using the CPU before ${busyScenarios.join(', ')}: those figures are unreliable; rerun on a quiet machine`,
  );
for (const problem of problems) say(`WARNING: ${problem} — these figures are not valid`);
if (problems.length > 0) process.exitCode = 1;
if (args.json) {
  const { ceiling, ceilingPerCpu, providerFloor, token, tokenManyKeys, me } = results;
  say(JSON.stringify({ ceiling, ceilingPerCpu, providerFloor, token, tokenManyKeys, me, ratios }));
}
