/**
 * `npm run bench:list -- [--rows N] [--database URL] [--reuse] [--requests N] [--accept-encoding E] [--json]`: the
 * contratações listing at a Tribunal's scale. Fills a database with `cidades demo` so that its first UG holds N
 * contratações (1,000,000 by default), starts the product in one server process (WEB_CONCURRENCY=1) and sends it
 * sequential requests, one at a time: the first page, a page 90% deep, `objeto` searches and value and date ranges.
 * Each request asks for the encodings in --accept-encoding (by default what fetch asks for: gzip, deflate, br;
 * `identity` for none, as curl without --compressed). A request's time is until the last byte of its body, as the server
 * sent it: the client decodes it only after the clock stops, since on this 2-core machine its decompression would
 * otherwise compete with the server for the same cores and be counted as the server's. Reports p50/p99 per scenario,
 * the server's resident memory after them, and how long the database took to fill.
 *
 * Without --database it fills a temporary SQLite file (deleted at the end); a PostgreSQL URL must name an empty
 * database, or one this bench filled before when --reuse is given (the fill is then skipped).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import zlib from 'node:zlib';
import { cliCaller } from '../app/caller.ts';
import { loadConfig } from '../app/config.ts';
import { MAIN_UG_SHARE } from '../app/demo/demo-contratacoes.ts';
import { createLogger } from '../app/logger.ts';
import { openRuntime } from '../app/runtime.ts';
import { withChild } from './children.ts';
import { backgroundLoad } from './quiet.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    database: { type: 'string' },
    reuse: { type: 'boolean', default: false },
    requests: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    'accept-encoding': { type: 'string', default: 'gzip, deflate, br' },
  },
});

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return n;
}

const rows = positive('rows', args.rows);
const requests = positive('requests', args.requests);
const WARMUP_REQUESTS = 10;
const METRICS_TOKEN = 'bench-list-scale-metrics-token-0123456789';
/** The demo's first UG, which holds most of its contratações: the one measured. */
const MAIN_UG = '001E0100001';
const serverScript = path.join(import.meta.dirname, '..', 'app', 'server.ts');
const say = (line: string) => process.stdout.write(`${line}\n`);

interface Prepared {
  rowsInUg: number;
  fillSeconds: number | null;
  clientId: string;
  clientSecret: string;
}

/** Fills the database (unless reused) and adds a read key of the main UG. Not measured, except the fill's duration. */
async function prepare(databaseUrl: string): Promise<Prepared> {
  const runtime = await openRuntime(loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }), createLogger('silent'));
  try {
    const { services, db } = runtime;
    let fillSeconds: number | null = null;
    const filled = Number((await db('unidades_gestoras').count({ n: '*' }).first())?.n ?? 0) > 0;
    if (!filled || !args.reuse) {
      const total = Math.round(rows / MAIN_UG_SHARE);
      say(`filling ${databaseUrl.replace(/:[^:@/]*@/, ':***@')} with cidades demo --contratacoes ${total}…`);
      const started = performance.now();
      await services.demo.fill({ seed: 2026, contratacoes: total });
      fillSeconds = (performance.now() - started) / 1000;
    }
    const ug = await services.ugs.findByCodigo(MAIN_UG);
    const rowsInUg = Number((await db('contratacoes').where({ ug_id: ug.id }).count({ n: '*' }).first())?.n ?? 0);
    const { integration, clientSecret } = await services.integrations.create(cliCaller, ug.id, {
      descricao: 'bench:list',
      permissao: 'leitura',
    });
    return { rowsInUg, fillSeconds, clientId: integration.clientId, clientSecret };
  } finally {
    await runtime.db.destroy();
  }
}

async function accessToken(url: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error(`token request failed: ${response.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

interface ListPage {
  items: Array<{ id: number }>;
  totalCount: number;
  /** Absent before the count was bounded (a run of older code): every count was exact then. */
  totalCountExact?: boolean;
  nextCursor: string | null;
}

interface Figures {
  p50: number;
  p99: number;
  totalCount: number;
  totalCountExact: boolean;
  items: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** An answer as it came off the wire: its status, its Content-Encoding and its body, not yet decoded. */
interface RawAnswer {
  status: number;
  encoding: string | undefined;
  body: Buffer;
}

const decoders: Record<string, (body: Buffer) => Promise<Buffer>> = {
  br: promisify(zlib.brotliDecompress),
  gzip: promisify(zlib.gunzip),
  deflate: promisify(zlib.inflate),
};

async function decodePage(query: string, answer: RawAnswer): Promise<ListPage> {
  const decode = answer.encoding ? decoders[answer.encoding] : undefined;
  if (answer.encoding && !decode) throw new Error(`${query}: unexpected Content-Encoding ${answer.encoding}`);
  const text = (decode ? await decode(answer.body) : answer.body).toString('utf8');
  if (answer.status !== 200) throw new Error(`${query}: ${answer.status} ${text}`);
  return JSON.parse(text) as ListPage;
}

/**
 * GETs `query` `requests` times, one at a time, after a warm-up; the time of each is until the last byte of its body.
 * Every answer is then decoded and checked (200 and a page), outside the timing.
 */
async function measure(get: (query: string) => Promise<RawAnswer>, query: string): Promise<Figures> {
  for (let i = 0; i < WARMUP_REQUESTS; i++) await decodePage(query, await get(query));
  const times: number[] = [];
  const answers: RawAnswer[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    answers.push(await get(query));
    times.push(performance.now() - started);
  }
  let page: ListPage | undefined;
  for (const answer of answers) page = await decodePage(query, answer);
  times.sort((a, b) => a - b);
  const round = (ms: number) => Number(ms.toFixed(2));
  return {
    p50: round(percentile(times, 50)),
    p99: round(percentile(times, 99)),
    totalCount: page?.totalCount ?? 0,
    totalCountExact: page?.totalCountExact ?? true,
    items: page?.items.length ?? 0,
  };
}

/** The cursor of the page that starts after 90% of the listing, reached as a client would: page after page. */
async function deepCursor(get: (query: string) => Promise<ListPage>, rowsInUg: number): Promise<string> {
  const LIMIT = 500;
  const pages = Math.floor((rowsInUg * 0.9) / LIMIT);
  let cursor: string | null = null;
  for (let i = 0; i < pages; i++) {
    const page: ListPage = await get(`limit=${LIMIT}${cursor ? `&cursor=${cursor}` : ''}`);
    if (!page.nextCursor) throw new Error(`the listing ended after ${i + 1} pages of ${LIMIT}`);
    cursor = page.nextCursor;
  }
  if (!cursor) throw new Error('too few rows for a deep page');
  return cursor;
}

const BUSY_THRESHOLD = 0.1;

async function run(databaseUrl: string) {
  const prepared = await prepare(databaseUrl);
  say(
    `${prepared.rowsInUg.toLocaleString('en')} contratações in UG ${MAIN_UG}${prepared.fillSeconds === null ? ' (reused)' : `, filled in ${prepared.fillSeconds.toFixed(1)} s`}`,
  );
  // A day's token: walking to the deep page may take longer than the default 10 minutes on a slow listing.
  const env = { DATABASE_URL: databaseUrl, WEB_CONCURRENCY: '1', LOG_LEVEL: 'silent', METRICS_TOKEN, TOKEN_TTL_SECONDS: '86400' };
  return withChild(serverScript, env, [], '/oauth/jwks', async (url) => {
    const token = await accessToken(url, prepared.clientId, prepared.clientSecret);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const headers = { authorization: `Bearer ${token}`, 'accept-encoding': args['accept-encoding'] };
    const get = (query: string) =>
      new Promise<RawAnswer>((resolve, reject) => {
        http
          .get(`${url}/api/v1/contratacoes?${query}`, { agent, headers }, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () =>
              resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }),
            );
            res.on('error', reject);
          })
          .on('error', reject);
      });
    say('walking to the page 90% deep (limit=500)…');
    const cursor = await deepCursor(async (query) => decodePage(query, await get(query)), prepared.rowsInUg);
    const scenarios: Array<[string, string]> = [
      ['first page', 'limit=50'],
      ['page 90% deep', `limit=50&cursor=${cursor}`],
      ['objeto, common word', 'limit=50&objeto=aquisicao'],
      ['objeto, absent word', 'limit=50&objeto=helicoptero'],
      ['valor range', 'limit=50&valorEstimadoMin=100000&valorEstimadoMax=200000'],
      ['date range', 'limit=50&dataPublicacaoDe=2025-03-01&dataPublicacaoAte=2025-03-31'],
    ];
    const results: Record<string, Figures & { busy: boolean }> = {};
    for (const [name, query] of scenarios) {
      const load = await backgroundLoad();
      const busy = load > BUSY_THRESHOLD;
      say(
        `measuring ${name} (${requests} requests)…${busy ? ` — machine busy: ${(load * 100).toFixed(0)}% CPU used by other processes` : ''}`,
      );
      results[name] = { ...(await measure(get, query)), busy };
    }
    const metrics = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    const mib = (metric: string) => {
      const bytes = Number(new RegExp(`^${metric}(?:\\{[^}]*\\})? (\\d+)`, 'm').exec(metrics)?.[1] ?? Number.NaN);
      return Number((bytes / 2 ** 20).toFixed(1));
    };
    return { prepared, results, rssMiB: mib('process_resident_memory_bytes'), heapUsedMiB: mib('nodejs_heap_size_used_bytes') };
  });
}

const tmp = args.database ? undefined : await mkdtemp(path.join(tmpdir(), 'cidades-bench-list-'));
try {
  const databaseUrl = args.database ?? path.join(tmp as string, 'list.sqlite3');
  const { prepared, results, rssMiB, heapUsedMiB } = await run(databaseUrl);
  say('');
  say(`${'scenario'.padEnd(22)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'totalCount'.padStart(12)}`);
  for (const [name, f] of Object.entries(results)) {
    const count = `${f.totalCountExact ? '' : '> '}${f.totalCount}`;
    const busy = f.busy ? '  (machine busy)' : '';
    say(`${name.padEnd(22)}${f.p50.toFixed(1).padStart(9)}${f.p99.toFixed(1).padStart(9)}${count.padStart(12)}${busy}`);
  }
  say(`server after the scenarios: RSS ${rssMiB} MiB, JavaScript heap in use ${heapUsedMiB} MiB`);
  if (args.json) say(JSON.stringify({ rowsInUg: prepared.rowsInUg, fillSeconds: prepared.fillSeconds, results, rssMiB, heapUsedMiB }));
} finally {
  if (tmp) await rm(tmp, { recursive: true, force: true });
}
