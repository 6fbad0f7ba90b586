import { expect } from 'chai';
import type { Services } from '../../app/services.ts';
import { USAGE_FLUSH_INTERVAL_MS } from '../../app/usage/usage-counter.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createUg, createUser } from '../support/fixtures.ts';
import { freePort } from '../support/net.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { inEveryProcess, noteRequestId, startServer, untilServing, type ServerProcess } from '../support/server.ts';
import { callerFor, createTestServices } from '../support/services.ts';

const WORKERS = 2;

const basic = (key: { clientId: string; clientSecret: string }) =>
  `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}`;

describe('usage of a key counted by two server processes adds up (WEB_CONCURRENCY=2)', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let services: Services;
  let server: ServerProcess | undefined;
  let base: string;
  let key: Key;
  let ugId: number;

  before(async () => {
    database = await createTestDatabase();
    services = (await createTestServices({ database })).services;
    ugId = (await createUg(services)).id;
    key = await createKey(services, ugId);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // Its request log tells which process answered each request.
    server = startServer({
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: base,
      WEB_CONCURRENCY: String(WORKERS),
      LOG_LEVEL: 'info',
    });
    await untilServing(`${base}/oauth/jwks`);
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    await database.destroy();
  });

  /** Made by this test, in whichever process answered: tokens issued, token refusals, API calls. */
  const made = { tokens: 0, refused: 0, calls: 0 };

  /** A token, a refused token request and two API calls, each on a fresh connection (so either process may answer). */
  async function use(answered: string[]): Promise<void> {
    const token = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(key), 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
      body: 'grant_type=client_credentials',
    }).then(noteRequestId(answered));
    expect(token.status).to.equal(200);
    made.tokens += 1;
    const { access_token: bearer } = (await token.json()) as { access_token: string };
    const refused = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { authorization: basic(key), 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
      body: 'grant_type=client_credentials&scope=escrita',
    }).then(noteRequestId(answered));
    expect(refused.status).to.equal(400);
    made.refused += 1;
    for (let i = 0; i < 2; i++) {
      const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${bearer}`, connection: 'close' } }).then(
        noteRequestId(answered),
      );
      expect(me.status).to.equal(200);
      made.calls += 1;
    }
  }

  const counted = async () => {
    const admin = await createUser(services, { isAdmin: true });
    const { usage } = await services.usage.forKey(callerFor(admin), ugId, key.id);
    return { tokens: usage.totals.tokens, refused: usage.totals.recusas, calls: usage.totals.chamadas };
  };

  it("each process writes its counts every few seconds, and the rows hold both processes' sum", async () => {
    // Until one round's requests were answered by both processes (each round's counts are in `made`).
    await inEveryProcess(server as ServerProcess, WORKERS, use);
    const deadline = Date.now() + 4 * USAGE_FLUSH_INTERVAL_MS;
    let seen = await counted();
    while (JSON.stringify(seen) !== JSON.stringify(made) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = await counted();
    }
    expect(seen).to.deep.equal(made);
  });

  it('a process stopped (SIGTERM) writes what it counted since its last flush before it exits', async () => {
    await inEveryProcess(server as ServerProcess, WORKERS, use);
    (server as ServerProcess).child.kill('SIGTERM');
    const { code } = await (server as ServerProcess).exited;
    server = undefined;
    expect(code).to.equal(0);
    expect(await counted()).to.deep.equal(made);
  });
});
