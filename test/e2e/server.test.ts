import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect } from 'chai';
import { loadConfig } from '../../app/config.ts';
import { IntegrationsRepository } from '../../app/integrations/integrations.repository.ts';
import { createServices } from '../../app/services.ts';
import { loadServerSecrets } from '../../app/settings/server-secrets.ts';
import { SettingsRepository } from '../../app/settings/settings.repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createUg } from '../support/fixtures.ts';
import { freePort } from '../support/net.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { startServer, untilServing } from '../support/server.ts';

/** Child processes of `pid` running the server (tsx may add an esbuild process of its own). */
function serverProcessesUnder(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
        return parent === pid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('app/server.ts');
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe('the server process (npm start)', function () {
  // Generous: starting processes on a loaded CI machine can take long.
  this.timeout(180_000);
  let database: TestDatabase;
  let key: Key;
  let port: number;
  let env: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
    port = await freePort();
    env = { DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ADMIN_EMAIL: 'admin@tce.es.gov.br', ADMIN_PASSWORD: 'uma-senha-bem-longa' };
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const secrets = await loadServerSecrets(new SettingsRepository(database.db), new IntegrationsRepository(database.db), config);
    const services = createServices(database.db, secrets, config);
    key = await createKey(services, (await createUg(services)).id);
  });
  after(() => database.destroy());

  it('runs WEB_CONCURRENCY processes on one port, each issuing tokens and counting every process\'s failed authentications; stops them all on SIGTERM', async () => {
    const server = startServer({ ...env, WEB_CONCURRENCY: '2' });
    // A new connection each time: node:cluster hands connections to the processes in turn.
    const token = (secret: string) =>
      fetch(`http://127.0.0.1:${port}/oauth/token`, {
        method: 'POST',
        headers: { authorization: `Basic ${Buffer.from(`${key.clientId}:${secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded', connection: 'close' },
        body: 'grant_type=client_credentials',
      });
    try {
      await untilServing(`http://127.0.0.1:${port}/oauth/jwks`);
      expect(serverProcessesUnder(server.child.pid as number)).to.have.length(2);
      for (let i = 0; i < 6; i += 1) expect((await token(key.clientSecret)).status).to.equal(200);
      // The limit is 10 failures a minute per client id for the whole instance, not 10 per process.
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) {
        statuses.push((await token(`${key.clientSecret.slice(0, -1)}x`)).status);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(statuses).to.deep.equal([...Array<number>(10).fill(401), 429, 429]);
      expect((await token(key.clientSecret)).status, 'the right secret waits too, until the window ends').to.equal(429);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).to.equal(0);
    }
  });

  it('stops with a message when its processes cannot listen, instead of restarting them forever', async () => {
    const blocker = createServer().listen(port);
    try {
      const server = startServer({ ...env, WEB_CONCURRENCY: '2' });
      const { code, stderr } = await server.exited;
      expect(code).to.equal(1);
      expect(stderr).to.include(`Não foi possível escutar na porta ${port}`);
      expect(stderr).to.include('terminou antes de começar a atender');
    } finally {
      blocker.close();
    }
  });
});
