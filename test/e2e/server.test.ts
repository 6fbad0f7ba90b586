import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect } from 'chai';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { createTestServices } from '../support/services.ts';
import { createUg } from '../support/fixtures.ts';
import { freePort } from '../support/net.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { inEveryProcess, noteRequestId, startServer, untilServing } from '../support/server.ts';

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
    env = {
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ADMIN_EMAIL: 'admin@tce.es.gov.br',
      ADMIN_PASSWORD: 'uma-senha-bem-longa',
    };
    const services = (await createTestServices({ database })).services;
    key = await createKey(services, (await createUg(services)).id);
  });
  after(() => database.destroy());

  /** A token request through one trusted proxy (TRUST_PROXY=1) for `address`, on a new connection each time. */
  const token = (url: string, secret: string, address: string) =>
    fetch(`${url}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${key.clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': address,
        connection: 'close',
      },
      body: 'grant_type=client_credentials',
    });
  const wrong = () => `${key.clientSecret.slice(0, -1)}${key.clientSecret.endsWith('x') ? 'y' : 'x'}`;

  it('refuses to start on a schema a later release migrated: names the migrations it does not know, says what to do, no stack', async () => {
    const later = await createTestDatabase();
    try {
      await later.db('knex_migrations').insert({ name: '20990101_0099_futura', batch: 99, migration_time: new Date() });
      const server = startServer({ ...env, DATABASE_URL: later.url });
      const { code, stderr } = await server.exited;
      expect(code).to.equal(1);
      expect(stderr.trim()).to.equal(
        'O banco de dados foi migrado por uma versão mais nova do CidadES: tem migrações que esta versão não conhece ' +
          '(20990101_0099_futura). Inicie a versão que as trouxe ou, para voltar a esta, restaure o backup feito antes ' +
          'da atualização (docs/deployment.md, seção 11).',
      );
      // Nothing was changed: the later release still finds its schema as it left it.
      expect((await later.db('knex_migrations').orderBy('id').pluck('name')).at(-1)).to.equal('20990101_0099_futura');
    } finally {
      await later.destroy();
    }
  });

  it("runs WEB_CONCURRENCY processes on one port, each issuing tokens and counting every process's failed authentications; stops them all on SIGTERM", async () => {
    // Its request log tells which process answered each request.
    const server = startServer({ ...env, WEB_CONCURRENCY: '2', TRUST_PROXY: '1', LOG_LEVEL: 'info' });
    const url = `http://127.0.0.1:${port}`;
    try {
      await untilServing(`${url}/oauth/jwks`);
      expect(serverProcessesUnder(server.child.pid as number)).to.have.length(2);
      // At once: while one process is answering, the other accepts the next connection.
      await inEveryProcess(server, 2, async (answered) => {
        const answers = await Promise.all(
          [0, 1, 2, 3].map(() => token(url, key.clientSecret, '198.51.100.1').then(noteRequestId(answered))),
        );
        expect(answers.map((answer) => answer.status)).to.deep.equal([200, 200, 200, 200]);
      });
      // The kernel gives each fresh connection to either process (cluster.SCHED_NONE): the 12 failures are sent again,
      // from another address, until both processes answered some. The limit of 10 failures a minute per (client id,
      // address) then holds for the instance, not per process.
      const round = await inEveryProcess(server, 2, async (answered, round) => {
        const statuses: number[] = [];
        for (let i = 0; i < 12; i += 1) {
          statuses.push((await token(url, wrong(), `198.51.${101 + round}.2`).then(noteRequestId(answered))).status);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(statuses).to.deep.equal([...Array<number>(10).fill(401), 429, 429]);
      });
      await inEveryProcess(server, 2, async (answered) => {
        for (let i = 0; i < 4; i += 1) {
          const waits = await token(url, key.clientSecret, `198.51.${101 + round}.2`).then(noteRequestId(answered));
          expect(waits.status, 'that address waits, with the right secret too, on both processes').to.equal(429);
          const other = await token(url, key.clientSecret, '198.51.100.3').then(noteRequestId(answered));
          expect(other.status, 'any other address gets its token, on both processes').to.equal(200);
        }
      });
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).to.equal(0);
    }
  });

  it('holds the limits across two instances on one PostgreSQL database, within the poll of the limits table', async function () {
    if (!onPostgres) this.skip(); // On SQLite one instance is the deployment: its processes share it (the case above).
    const otherPort = await freePort();
    const [a, b] = [`http://127.0.0.1:${port}`, `http://127.0.0.1:${otherPort}`];
    // One after the other: two instances starting at the same moment is another matter (first-admin creation).
    const first = startServer({ ...env, WEB_CONCURRENCY: '1', TRUST_PROXY: '1' });
    let second: ReturnType<typeof startServer> | undefined;
    try {
      await untilServing(`${a}/oauth/jwks`);
      second = startServer({ ...env, PORT: String(otherPort), PUBLIC_URL: b, WEB_CONCURRENCY: '1', TRUST_PROXY: '1' });
      await untilServing(`${b}/oauth/jwks`);
      for (let i = 0; i < 5; i += 1) expect((await token(a, wrong(), '192.0.2.20')).status).to.equal(401);
      for (let i = 0; i < 5; i += 1) expect((await token(b, wrong(), '192.0.2.20')).status).to.equal(401);
      // The 10th failure was counted on the second instance; the first learns it from the limits table.
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < 2_500) {
        status = (await token(a, key.clientSecret, '192.0.2.20')).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status, 'the first instance refuses that address within the poll bound').to.equal(429);
      expect((await token(a, wrong(), '192.0.2.20')).status).to.equal(429);
      expect((await token(b, key.clientSecret, '192.0.2.20')).status).to.equal(429);
      expect((await token(a, key.clientSecret, '192.0.2.21')).status).to.equal(200);
      expect((await token(b, key.clientSecret, '192.0.2.21')).status).to.equal(200);
    } finally {
      first.child.kill('SIGTERM');
      second?.child.kill('SIGTERM');
      expect((await first.exited).code).to.equal(0);
      if (second) expect((await second.exited).code).to.equal(0);
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
