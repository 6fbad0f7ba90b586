import { expect } from 'chai';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { parseMetrics, sampleValue, type Sample } from '../support/metrics.ts';
import { freePort } from '../support/net.ts';
import { startServer, untilServed, type ServerProcess } from '../support/server.ts';

const METRICS_TOKEN = 'token-de-metricas-com-pelo-menos-32-caracteres';
/** knexfile.ts: each server process's pool. */
const POOL_MAX = onPostgres ? 10 : 1;
const PROBES = 20;

/** On a fresh connection each time: the kernel gives each to either server process (cluster.SCHED_NONE). */
const get = (url: string, headers: Record<string, string> = {}) => fetch(url, { headers: { ...headers, connection: 'close' } });

describe('/metrics of `npm start` with WEB_CONCURRENCY=2', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let server: ServerProcess;
  let url: string;

  before(async () => {
    database = await createTestDatabase();
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = startServer({ DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: url, WEB_CONCURRENCY: '2', METRICS_TOKEN });
    await untilServed(server, `${url}/readyz`);
    // Until the second process serves too: the primary gathers the metrics of the processes that serve.
    while ((await poolMax()) !== 2 * POOL_MAX) await new Promise((resolve) => setTimeout(resolve, 200));
  });
  after(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    await database.destroy();
  });

  const scrape = async () => {
    const res = await get(`${url}/metrics`, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.status).to.equal(200);
    return parseMetrics(await res.text());
  };
  const poolMax = async () => sampleValue(await scrape(), 'cidades_db_pool_connections', { state: 'max' });

  it('reports the whole instance, whichever process the scrape reaches', async () => {
    for (let i = 0; i < PROBES; i++) expect((await get(`${url}/healthz`)).status).to.equal(200);
    const scraped = (samples: Sample[]) => sampleValue(samples, 'http_requests_total', { method: 'GET', route: '/metrics', status: '200' });
    const before = scraped(await scrape()) ?? 0;
    for (let i = 1; i <= 4; i++) {
      const samples = await scrape();
      // Every probe, whichever process answered it; and both processes' pools.
      expect(sampleValue(samples, 'http_requests_total', { method: 'GET', route: '/healthz', status: '200' })).to.equal(PROBES);
      expect(sampleValue(samples, 'cidades_db_pool_connections', { state: 'max' })).to.equal(2 * POOL_MAX);
      expect(scraped(samples)).to.equal(before + i);
    }
    expect((await get(`${url}/metrics`, { authorization: 'Bearer outro-token-qualquer-com-32-caracteres' })).status).to.equal(401);
  });
});
