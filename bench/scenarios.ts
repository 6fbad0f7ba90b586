/**
 * What `npm run bench` measures: the servers (each a child process: the product as `npm start` runs it, and the
 * references it is compared with), the scenarios loading them, the checks that a reference serves what the product
 * serves, and the ratios, each between servers running the same number of processes in the same round.
 */
import { isDeepStrictEqual } from 'node:util';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { accessToken, FORM_TYPE, getJson, lastingClaims, rotate, signIn, TOKEN_FORM } from './clients.ts';
import type { Load } from './load.ts';
import type { Credential, DemoSeed, KeysSeed } from './seed.ts';

/** The seeded databases the servers run on. */
export interface Seeds {
  /** 10 keys: the token endpoint, /me and the write. */
  few: KeysSeed & { file: string };
  /** 10,000 keys in one UG: the token endpoint across them, and that UG's Integrações page. */
  many: KeysSeed & { file: string };
  /** `cidades demo` data: the contratações list. */
  demo: DemoSeed & { file: string };
}

export const PER_CPU = availableParallelism();

const here = import.meta.dirname;
const productScript = path.join(here, '..', 'app', 'server.ts');
const productEnv = (file: string, processes: number) => ({
  DATABASE_URL: file,
  LOG_LEVEL: 'silent',
  WEB_CONCURRENCY: String(processes),
});
const ceiling = path.join(here, 'ceiling.ts');

export interface ServerSpec {
  name: string;
  label: string;
  script: string;
  processes: number;
  /** Answers (any status) once the server is ready. */
  readyPath: string;
  /** The product itself: profiled with --profile. */
  product: boolean;
  /** Its environment; `urlOf` gives a server started before it (servers start in the order of SERVERS). */
  env(seeds: Seeds, urlOf: (server: string) => string): Record<string, string>;
}

const peer = (name: string, label: string, script: string): ServerSpec => ({
  name,
  label,
  script: path.join(here, 'peers', script),
  processes: 1,
  readyPath: '/',
  product: false,
  // The product's database (keys, pepper, signing key); tokens naming the product's issuer, so its API accepts them.
  env: (seeds, urlOf) => ({ ...productEnv(seeds.few.file, 1), ISSUER_URL: urlOf('product') }),
});

export const SERVERS: ServerSpec[] = [
  {
    name: 'product',
    label: 'CidadES, 10 keys',
    script: productScript,
    processes: 1,
    readyPath: '/oauth/jwks',
    product: true,
    env: (seeds) => productEnv(seeds.few.file, 1),
  },
  {
    name: 'productManyKeys',
    label: 'CidadES, 10,000 keys',
    script: productScript,
    processes: 1,
    readyPath: '/oauth/jwks',
    product: true,
    env: (seeds) => productEnv(seeds.many.file, 1),
  },
  {
    name: 'productDemo',
    label: 'CidadES, demo data',
    script: productScript,
    processes: 1,
    readyPath: '/oauth/jwks',
    product: true,
    env: (seeds) => productEnv(seeds.demo.file, 1),
  },
  {
    name: 'productPerCpu',
    label: 'CidadES, 10 keys',
    script: productScript,
    processes: PER_CPU,
    readyPath: '/oauth/jwks',
    product: true,
    env: (seeds) => productEnv(seeds.few.file, PER_CPU),
  },
  { name: 'ceiling', label: 'bare Express route', script: ceiling, processes: 1, readyPath: '/ping', product: false, env: () => ({}) },
  {
    name: 'ceilingPerCpu',
    label: 'bare Express route',
    script: ceiling,
    processes: PER_CPU,
    readyPath: '/ping',
    product: false,
    env: () => ({ WEB_CONCURRENCY: String(PER_CPU) }),
  },
  {
    name: 'providerFloor',
    label: 'node-oidc-provider alone, in memory',
    script: path.join(here, 'provider-floor.ts'),
    processes: 1,
    readyPath: '/oauth/jwks',
    product: false,
    env: () => ({}),
  },
  peer('oauth2orize', 'oauth2orize + passport, Express', 'oauth2orize.ts'),
  peer('nodeOauth', '@node-oauth/oauth2-server, Express', 'node-oauth.ts'),
  {
    name: 'listBare',
    label: 'bare Express + better-sqlite3',
    script: path.join(here, 'list-bare.ts'),
    processes: 1,
    readyPath: '/contratacoes?limit=1',
    product: false,
    env: (seeds) => ({ DATABASE_URL: seeds.demo.file, UG_IDS: seeds.demo.visibleUgIds.join(',') }),
  },
];

export interface ScenarioSpec {
  name: string;
  label: string;
  server: string;
  /** Fewer connections than --connections: a page people open, not one machines call by the hundred. */
  connections?: number;
  /** The load of one round, made afresh each round: tokens expire (10 minutes), so do sessions. */
  load(url: string, seeds: Seeds): Promise<Load>;
}

/** provider-floor.ts's static clients. */
const floorCredentials: Credential[] = Array.from({ length: 10 }, (_, i) => ({ clientId: `client${i}`, secret: `secret${i}` }));

function tokenLoad(url: string, credentials: Credential[]): Load {
  const next = rotate(credentials);
  return {
    url: `${url}/oauth/token`,
    method: 'POST',
    headers: { 'content-type': FORM_TYPE },
    body: TOKEN_FORM,
    perRequest: () => ({ headers: { authorization: next() } }),
  };
}

const bearer = async (url: string, credential: Credential) => ({ authorization: `Bearer ${await accessToken(url, credential)}` });
/** The few database's keys: even positions read, odd ones may write (bench/seed.ts). */
const reader = (seeds: Seeds) => seeds.few.credentials[0] as Credential;
const writer = (seeds: Seeds) => seeds.few.credentials[1] as Credential;

export const LIST_PATH = '/api/v1/contratacoes?limit=50';
const integrationsPage = (seeds: Seeds) => `/unidades-gestoras/${seeds.many.ugId}/integracoes`;

/** Unique per run and per request, as each write needs a new processo and a new Idempotency-Key. */
function newContratacoes(): () => { headers: Record<string, string>; body: string } {
  const run = Date.now().toString(36);
  let n = 0;
  return () => {
    n += 1;
    return {
      headers: { 'idempotency-key': `bench-${run}-${n}` },
      body: JSON.stringify({
        numeroProcesso: `B${run}-${n}`,
        ano: 2025,
        nllc: true,
        modalidade: 6,
        fase: 'licitacao',
        objeto: 'Aquisição de material de expediente',
        valorEstimado: '150000.00',
        valorContratado: '123456.70',
        dataPublicacao: '2025-03-10',
        fornecedor: { documento: '11.222.333/0001-81', nome: 'Papelaria Capixaba Ltda' },
      }),
    };
  };
}

const ping = (url: string): Promise<Load> => Promise.resolve({ url: `${url}/ping` });

export const SCENARIOS: ScenarioSpec[] = [
  { name: 'ceiling', label: 'GET /ping', server: 'ceiling', load: ping },
  { name: 'token', label: 'POST /oauth/token, 10 keys', server: 'product', load: async (url, s) => tokenLoad(url, s.few.credentials) },
  {
    name: 'oauth2orize',
    label: 'POST /oauth/token, 10 keys',
    server: 'oauth2orize',
    load: async (url, s) => tokenLoad(url, s.few.credentials),
  },
  {
    name: 'nodeOauth',
    label: 'POST /oauth/token, 10 keys',
    server: 'nodeOauth',
    load: async (url, s) => tokenLoad(url, s.few.credentials),
  },
  {
    name: 'providerFloor',
    label: 'POST /oauth/token, 10 keys',
    server: 'providerFloor',
    load: async (url) => tokenLoad(url, floorCredentials),
  },
  {
    name: 'tokenManyKeys',
    label: 'POST /oauth/token, 10,000 keys',
    server: 'productManyKeys',
    load: async (url, s) => tokenLoad(url, s.many.credentials),
  },
  {
    name: 'me',
    label: 'GET /api/v1/me',
    server: 'product',
    load: async (url, s) => ({ url: `${url}/api/v1/me`, headers: await bearer(url, reader(s)) }),
  },
  {
    name: 'list',
    label: `GET ${LIST_PATH}`,
    server: 'productDemo',
    load: async (url, s) => ({ url: `${url}${LIST_PATH}`, headers: await bearer(url, s.demo.credential) }),
  },
  { name: 'listBare', label: 'the same page', server: 'listBare', load: async (url) => ({ url: `${url}/contratacoes?limit=50` }) },
  {
    name: 'write',
    label: 'POST /api/v1/contratacoes, Idempotency-Key',
    server: 'product',
    load: async (url, s) => ({
      url: `${url}/api/v1/contratacoes`,
      method: 'POST',
      headers: { ...(await bearer(url, writer(s))), 'content-type': 'application/json' },
      perRequest: newContratacoes(),
    }),
  },
  {
    name: 'portal',
    label: 'Integrações page of a UG with 10,000 keys',
    server: 'productManyKeys',
    // Each answer is the whole list, megabytes of HTML: at 50 connections the wait alone passes autocannon's 10 s.
    connections: 5,
    load: async (url, s) => ({ url: `${url}${integrationsPage(s)}`, headers: { cookie: await signIn(url, s.many.gestor) } }),
  },
  { name: 'ceilingPerCpu', label: 'GET /ping', server: 'ceilingPerCpu', load: ping },
  {
    name: 'tokenPerCpu',
    label: 'POST /oauth/token, 10 keys',
    server: 'productPerCpu',
    load: async (url, s) => tokenLoad(url, s.few.credentials),
  },
  {
    name: 'mePerCpu',
    label: 'GET /api/v1/me',
    server: 'productPerCpu',
    load: async (url, s) => ({ url: `${url}/api/v1/me`, headers: await bearer(url, reader(s)) }),
  },
];

export interface Check {
  label: string;
  servers: string[];
  run(urlOf: (server: string) => string, seeds: Seeds): Promise<void>;
}

/** Before any measurement: each reference serves what the product serves, or its ratio would mean nothing. */
export const CHECKS: Check[] = ['oauth2orize', 'nodeOauth'].map((name) => ({
  label: `${name} issues the product's token: same header and claims, accepted by its API`,
  servers: ['product', name],
  async run(urlOf, seeds) {
    const key = reader(seeds);
    const ours = await accessToken(urlOf('product'), key);
    const theirs = await accessToken(urlOf(name), key);
    if (!isDeepStrictEqual(lastingClaims(theirs), lastingClaims(ours)))
      throw new Error(`${name}'s token differs: ${JSON.stringify(lastingClaims(theirs))} vs ${JSON.stringify(lastingClaims(ours))}`);
    const me = async (token: string) => {
      // Each token's own expiry aside (issued a moment apart), /me says the same of both.
      const { expiresAt: _expiresAt, ...rest } = (await getJson(`${urlOf('product')}/api/v1/me`, { authorization: `Bearer ${token}` })) as {
        expiresAt: unknown;
      };
      return rest;
    };
    const [withOurs, withTheirs] = await Promise.all([me(ours), me(theirs)]);
    if (!isDeepStrictEqual(withTheirs, withOurs))
      throw new Error(`/me differs with ${name}'s token: ${JSON.stringify(withTheirs)} vs ${JSON.stringify(withOurs)}`);
  },
}));
CHECKS.push(
  {
    label: "listBare serves the product's first page: same items, same totalCount",
    servers: ['productDemo', 'listBare'],
    async run(urlOf, seeds) {
      const headers = await bearer(urlOf('productDemo'), seeds.demo.credential);
      type Envelope = { items: unknown[]; totalCount: number };
      const ours = (await getJson(`${urlOf('productDemo')}${LIST_PATH}`, headers)) as Envelope;
      const theirs = (await getJson(`${urlOf('listBare')}/contratacoes?limit=50`)) as Envelope;
      if (!isDeepStrictEqual(theirs.items, ours.items) || theirs.totalCount !== ours.totalCount)
        throw new Error(`listBare's page differs from the product's (totalCount ${theirs.totalCount} vs ${ours.totalCount})`);
      if (ours.items.length !== 50) throw new Error(`the listing has ${ours.totalCount} rows: too few for a full page`);
    },
  },
  {
    label: "the Integrações page lists the UG's keys (its first page)",
    servers: ['productManyKeys'],
    async run(urlOf, seeds) {
      const url = urlOf('productManyKeys');
      const page = await fetch(`${url}${integrationsPage(seeds)}`, { headers: { cookie: await signIn(url, seeds.many.gestor) } });
      const html = await page.text();
      const shown = [...new Set(html.match(/cid_[0-9A-Za-z]+/g))];
      const ours = new Set(seeds.many.credentials.map(({ clientId }) => clientId));
      const foreign = shown.filter((clientId) => !ours.has(clientId)).length;
      if (page.status !== 200 || shown.length === 0 || foreign > 0)
        throw new Error(`the Integrações page: ${page.status}, ${shown.length} keys shown, ${foreign} not the UG's`);
    },
  },
);

export interface RatioSpec {
  name: string;
  label: string;
  /** The scenarios it is computed from, all in the same round. */
  uses: string[];
  value(rps: (scenario: string) => number): number;
  target?: number;
}

const over = (name: string, label: string, a: string, b: string, target?: number): RatioSpec => ({
  name,
  label,
  uses: [a, b],
  value: (rps) => rps(a) / rps(b),
  target,
});

const PEERS = ['oauth2orize', 'nodeOauth'];

export const RATIOS: RatioSpec[] = [
  over('token/ceiling', 'token endpoint / bare Express route', 'token', 'ceiling', 0.3),
  over('token/oauth2orize', 'token endpoint / oauth2orize + passport', 'token', 'oauth2orize'),
  over('token/nodeOauth', 'token endpoint / @node-oauth/oauth2-server', 'token', 'nodeOauth'),
  {
    name: 'token/fastestPeer',
    label: "token endpoint / the round's fastest peer",
    uses: ['token', ...PEERS],
    value: (rps) => rps('token') / Math.max(...PEERS.map(rps)),
    target: 1.1,
  },
  over('token/providerFloor', 'token endpoint / node-oidc-provider alone, in memory', 'token', 'providerFloor'),
  over('tokenManyKeys/token', 'token endpoint, 10,000 keys / 10 keys', 'tokenManyKeys', 'token', 0.95),
  over('me/ceiling', '/api/v1/me / bare Express route', 'me', 'ceiling', 0.6),
  over('list/listBare', 'contratações list / bare handler, same page', 'list', 'listBare', 0.8),
  over('tokenPerCpu/ceilingPerCpu', `token endpoint / bare Express route, ${PER_CPU} processes each`, 'tokenPerCpu', 'ceilingPerCpu'),
  over('mePerCpu/ceilingPerCpu', `/api/v1/me / bare Express route, ${PER_CPU} processes each`, 'mePerCpu', 'ceilingPerCpu'),
  over('ceilingPerCpu/ceiling', `bare Express route's gain from ${PER_CPU} processes`, 'ceilingPerCpu', 'ceiling'),
  over('tokenPerCpu/token', `token endpoint's gain from ${PER_CPU} processes`, 'tokenPerCpu', 'token'),
  {
    name: 'tokenGain/ceilingGain',
    label: "token endpoint's gain / the bare route's",
    uses: ['token', 'tokenPerCpu', 'ceiling', 'ceilingPerCpu'],
    value: (rps) => rps('tokenPerCpu') / rps('token') / (rps('ceilingPerCpu') / rps('ceiling')),
    target: 0.9,
  },
];
