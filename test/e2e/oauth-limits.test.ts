import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { parseMetrics, sampleValue } from '../support/metrics.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, THROTTLED, tokenRequest, type Key } from '../support/oauth.ts';

/** The limits README states, a minute each (app/oauth/client-auth-limits.ts). */
const limits = { pair: 10, address: 50, client: 100 };
const METRICS_TOKEN = 'token-de-metricas-com-pelo-menos-32-caracteres';

/** Behind one proxy (TRUST_PROXY=1): the address is the X-Forwarded-For entry that proxy appended, the rightmost. */
describe("POST /oauth/token: failed-authentication limits that cannot lock a key's owner out", () => {
  let t: TestApp;
  let key: Key;
  let wrong: Key;
  const logLines: string[] = [];
  const from = (address: string, credentials: { clientId: string; clientSecret: string }, forwardedFor = address) =>
    tokenRequest(t.app, credentials).set('X-Forwarded-For', forwardedFor);

  beforeEach(async () => {
    logLines.length = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString());
        done();
      },
    });
    t = await createTestApp({ env: { TRUST_PROXY: '1', METRICS_TOKEN }, logger: pino({ level: 'info' }, sink) });
    key = await createKey(t.services, (await createUg(t.services)).id);
    const other = await createKey(t.services, key.ugId);
    wrong = { ...key, clientSecret: other.clientSecret };
  });
  afterEach(() => t.close());

  it('30 wrong secrets for a client id from 30 addresses do not stop the right secret from another address, or from one of them', async () => {
    for (let i = 1; i <= 30; i += 1) await from(`203.0.113.${i}`, wrong).expect(401);
    await from('198.51.100.7', key).expect(200);
    await from('203.0.113.5', key).expect(200);
  });

  it('refuses an address its 11th wrong secret and then its right one (429, Retry-After), and nobody else', async () => {
    for (let i = 0; i < limits.pair; i += 1) await from('203.0.113.9', wrong).expect(401);
    const refused = await from('203.0.113.9', wrong).expect(429);
    expect(refused.body).to.deep.equal(THROTTLED);
    expect(Number(refused.headers['retry-after'])).to.be.within(1, 60);
    const right = await from('203.0.113.9', key).expect(429);
    expect(right.body).to.deep.equal(THROTTLED);
    expect(Number(right.headers['retry-after'])).to.be.within(1, 60);
    await from('198.51.100.7', key).expect(200);
  });

  it('counts an IPv6 network by its /64: rotating addresses inside it buys no attempts; another network is not refused', async () => {
    for (let i = 1; i <= limits.pair; i += 1) await from(`2001:db8:7:1::${i.toString(16)}`, wrong).expect(401);
    await from('2001:db8:7:1:ffff::1', key).expect(429);
    await from('2001:db8:7:2::1', key).expect(200);
  });

  it("past the client id's limit, refuses for it every address from that address's own failure on, never one that has not failed", async function () {
    this.timeout(30_000);
    const limit = limits.client;
    for (let i = 0; i < limit; i += 1) await from(`10.1.${Math.floor(i / 200)}.${i % 200}`, wrong).expect(401);
    // A new address's first failure is answered 401, and that address is refused for this client id from then on.
    await from('10.2.0.1', wrong).expect(401);
    await from('10.2.0.1', key).expect(429);
    // One that failed before the limit was reached is refused at its next failure.
    expect((await from('10.1.0.3', wrong).expect(429)).body).to.deep.equal(THROTTLED);
    await from('10.1.0.3', key).expect(429);
    // Addresses that never failed for this client id are not refused.
    await from('198.51.100.7', key).expect(200);
    await from('198.51.100.8', key).expect(200);
    // Counted by the code answered: a failure answered 429 is an invalid_request, not one more invalid_client.
    const metrics = parseMetrics((await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text);
    expect(sampleValue(metrics, 'cidades_tokens_refused_total', { reason: 'invalid_client' })).to.equal(limit + 1);
    expect(sampleValue(metrics, 'cidades_tokens_refused_total', { reason: 'invalid_request' })).to.equal(3);
  });

  it('limits an address across client ids, and what is limited and logged is the address the trusted proxy saw, not a spoofed leftmost one', async () => {
    const real = '192.0.2.44';
    for (let i = 0; i < limits.address; i += 1) {
      await from(real, { clientId: `cid_desconhecido${i}`, clientSecret: key.clientSecret }, `1.2.3.${i}, ${real}`).expect(401);
    }
    await from(real, { clientId: 'cid_mais_um', clientSecret: key.clientSecret }, `9.9.9.9, ${real}`).expect(429);
    await from(real, key, `8.8.8.8, ${real}`).expect(429);
    await from('192.0.2.45', key, `${real}, 192.0.2.45`).expect(200);
    const failures = logLines
      .map((line) => JSON.parse(line) as { msg: string; ip?: string })
      .filter((line) => line.msg === 'client authentication failed');
    expect(failures).to.have.length(limits.address);
    expect(new Set(failures.map((line) => line.ip))).to.deep.equal(new Set([real]));
    const requests = logLines
      .map((line) => JSON.parse(line) as { msg: string; ip?: string; url?: string })
      .filter((line) => line.msg === 'request' && line.url === '/oauth/token');
    expect(requests.at(-1)?.ip).to.equal('192.0.2.45');
  });

  it('answers as usual when failures cannot be counted (the database refuses them)', async () => {
    await t.database.db.schema.dropTable('auth_limits');
    await from('203.0.113.9', wrong).expect(401);
    await from('203.0.113.9', key).expect(200);
  });
});
