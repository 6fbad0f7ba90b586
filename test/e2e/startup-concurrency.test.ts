import { expect } from 'chai';
import { migrationSource } from '../../db/migrations/index.ts';
import { createTestDatabase, onPostgres } from '../support/database.ts';
import { freePort } from '../support/net.ts';
import { startServer, untilServed, type ServerProcess } from '../support/server.ts';

const ROUNDS = 5;
const ADMIN = { ADMIN_EMAIL: 'admin@tce.es.gov.br', ADMIN_PASSWORD: 'uma-senha-bem-longa' };

async function startInstance(databaseUrl: string): Promise<{ server: ServerProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return { server: startServer({ ...ADMIN, DATABASE_URL: databaseUrl, PORT: String(port), PUBLIC_URL: url, WEB_CONCURRENCY: '1' }), url };
}

/** oidc-provider warns on stderr about Node.js versions it was not released for; anything else is the server's own. */
const withoutRuntimeWarning = (stderr: string) => stderr.replace(/^oidc-provider WARNING: Unsupported runtime\..*\n/m, '');

const migrationNames = async () => (await migrationSource.getMigrations([])).map((m) => migrationSource.getMigrationName(m));

describe('two instances started at once on an empty database', function () {
  this.timeout(120_000);

  for (let round = 1; round <= ROUNDS; round += 1) {
    it(`both serve, with the migrations applied once, one Sys Admin and one signing key (round ${round} of ${ROUNDS})`, async () => {
      const database = await createTestDatabase({ migrated: false });
      const instances = await Promise.all([startInstance(database.url), startInstance(database.url)]);
      try {
        await Promise.all(instances.map(({ server, url }) => untilServed(server, `${url}/oauth/jwks`)));
        const { db } = database;
        expect(await db('users').select('email', 'is_admin')).to.deep.equal([
          { email: ADMIN.ADMIN_EMAIL, is_admin: onPostgres ? true : 1 },
        ]);
        const migrations = await db('knex_migrations').select('name');
        expect(migrations.map((m) => m.name)).to.deep.equal(await migrationNames());
        expect(await db('signing_keys').select('kid')).to.have.length(1);
        expect(await db('settings').where({ key: 'setup_token_sha256' }).select('key')).to.deep.equal([]);
        for (const { server } of instances) server.child.kill('SIGTERM');
        for (const { code, stderr } of await Promise.all(instances.map(({ server }) => server.exited))) {
          expect(withoutRuntimeWarning(stderr)).to.equal('');
          expect(code).to.equal(0);
        }
      } finally {
        for (const { server } of instances) server.child.kill('SIGKILL');
        await Promise.all(instances.map(({ server }) => server.exited));
        await database.destroy();
      }
    });
  }
});
