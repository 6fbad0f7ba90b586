import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/net.ts';
import { startServer, untilServed } from '../support/server.ts';

const warning = 'a copy of the database alone is enough to forge tokens and ride sessions';

describe('the server warns at start when a secret comes from the database', function () {
  this.timeout(180_000);
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase({ migrated: false });
  });
  afterEach(() => database.destroy());

  /** What the server logged (at warn and above) from its start until it was stopped, serving two processes. */
  async function startLog(env: Record<string, string>): Promise<Array<{ level: number; msg: string }>> {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = startServer({
      ...env,
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: url,
      WEB_CONCURRENCY: '2',
      LOG_LEVEL: 'warn',
    });
    try {
      await untilServed(server, `${url}/oauth/jwks`);
    } finally {
      server.child.kill('SIGTERM');
    }
    const { stdout } = await server.exited;
    return stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
  }

  it('names each variable not set, once per start, not once per process', async () => {
    const neither = (await startLog({})).filter((line) => line.msg.includes(warning));
    expect(neither.map((line) => line.level)).to.deep.equal([40]);
    expect(neither[0]?.msg).to.match(/^SECRET_PEPPER and SESSION_SECRET not set/);
    const onlyPepper = (await startLog({ SESSION_SECRET: 's'.repeat(40) })).filter((line) => line.msg.includes(warning));
    expect(onlyPepper.map((line) => line.msg.split(' not set')[0])).to.deep.equal(['SECRET_PEPPER']);
  });

  it('says nothing when the environment sets both', async () => {
    // The stored pepper's fingerprint is that of the first start's: this database starts with the given one.
    const log = await startLog({ SESSION_SECRET: 's'.repeat(40), SECRET_PEPPER: 'p'.repeat(40) });
    expect(log.filter((line) => line.msg.includes(warning))).to.deep.equal([]);
  });
});
