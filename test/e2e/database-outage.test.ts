import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'chai';
import request from 'supertest';
import { REVOCATION_STALE_MS } from '../../app/oauth/revocation-cache.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { freePort } from '../support/net.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { csrfFrom, csrfOf, type Agent } from '../support/portal.ts';
import { startServer, untilServed, type ServerProcess } from '../support/server.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

/**
 * A PostgreSQL cluster of the test's own, which it stops and freezes: `OUTAGE_PG=15/cidades_outage:5433`, as
 * `.ci/outage-cluster` prints it (role and password cidades, database cidades_outage). Never the cluster of DATABASE_URL.
 */
const outage = /^(\d+)\/(\w+):(\d+)$/.exec(process.env.OUTAGE_PG ?? '');
const [, version = '', cluster = '', port = ''] = outage ?? [];
const title = 'the database away, and coming back (PostgreSQL stopped, then frozen)';

const pgctl = (...args: string[]) => execFileSync('pg_ctlcluster', [version, cluster, ...args], { stdio: 'pipe' });

function startCluster(): void {
  if (!/online/.test(execFileSync('pg_lsclusters', ['-h', version, cluster]).toString())) pgctl('start');
}

/** The postmaster and every process it started (backends, checkpointer, WAL writer…): what a frozen machine freezes. */
function clusterProcesses(): string[] {
  const dataDirectory = execFileSync('pg_lsclusters', ['-h', version, cluster]).toString().trim().split(/\s+/)[5] ?? '';
  const postmaster = readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0] ?? '';
  const children = execFileSync('pgrep', ['-P', postmaster]).toString().trim().split('\n');
  return [postmaster, ...children];
}

const signal = (name: 'STOP' | 'CONT', pids: string[]) => execFileSync('kill', [`-${name}`, ...pids]);

/** The server's database timeouts here: pool acquire and connect; a statement (the client gives up 1 s later). */
const CONNECT_TIMEOUT_MS = 1_000;
const STATEMENT_TIMEOUT_MS = 2_000;
/**
 * The longest a request may wait for its 503: a statement on a connection to a frozen server, which the client abandons
 * at STATEMENT_TIMEOUT_MS + 1 s, and a margin; a freeze lasts longer (REVOCATION_STALE_MS and more).
 */
const PROMPT_MS = STATEMENT_TIMEOUT_MS + 1_000 + 1_500;

/** `answer()`, failing when it took PROMPT_MS or more. */
async function prompt<T>(what: string, answer: () => PromiseLike<T>): Promise<T> {
  const started = Date.now();
  const value = await answer();
  expect(Date.now() - started, `${what}: ms to answer`).to.be.below(PROMPT_MS);
  return value;
}

interface LogLine {
  level: number;
  msg: string;
  status?: number;
  err?: unknown;
  downMs?: number;
  reason?: string;
}

(outage ? describe : describe.skip)(outage ? title : `${title}: set OUTAGE_PG (see .ci/outage-cluster) to run it`, () => {
  let database: TestDatabase;
  let t: TestServices;
  let server: ServerProcess;
  let base: string;
  let key: Key;
  let gestor: Agent;
  let bearer: string;

  before(async function () {
    this.timeout(120_000);
    startCluster();
    database = await createTestDatabase({ postgresUrl: `postgres://cidades:cidades@127.0.0.1:${port}/cidades_outage` });
    t = await createTestServices({ database });
    const people = await createUgWithPeople(t.services);
    key = await createKey(t.services, people.ug.id);
    base = `http://127.0.0.1:${await freePort()}`;
    server = startServer({
      DATABASE_URL: database.url,
      PORT: base.split(':')[2] as string,
      PUBLIC_URL: base,
      WEB_CONCURRENCY: '1',
      LOG_LEVEL: 'info',
      // Short timeouts keep the frozen case quick; the defaults (5 s, 10 s) behave alike, later.
      DATABASE_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    });
    await untilServed(server, `${base}/oauth/jwks`);
    gestor = request.agent(base);
    const _csrf = await csrfFrom(gestor, '/login');
    await gestor.post('/login').type('form').send({ _csrf, email: people.gestor.email, password: PASSWORD }).expect(303);
    bearer = await token().then(async (res) => {
      expect(res.status).to.equal(200);
      return ((await res.json()) as { access_token: string }).access_token;
    });
  });

  after(async function () {
    this.timeout(60_000);
    if (!outage) return;
    startCluster();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await database?.destroy();
  });

  const token = () =>
    fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
  const api = () => fetch(`${base}/api/v1/unidades-gestoras`, { headers: { authorization: `Bearer ${bearer}` } });
  const signedInPage = () => gestor.get('/unidades-gestoras');

  const log = (): LogLine[] =>
    server
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);

  /**
   * Every surface answers 503 with Retry-After, each in its own shape and within PROMPT_MS: the API, a signed-in page,
   * signing in; the sign-in page itself reads nothing from the database and may still be shown. The token endpoint
   * answers 503 once its copy of the revocation log is no longer current (REVOCATION_STALE_MS at most).
   */
  async function expectUnavailable(since: number): Promise<void> {
    const visitor = request.agent(base);
    const [fromApi, fromSignInPage, fromPage] = await Promise.all([
      prompt('the API', api),
      prompt('the sign-in page', () => visitor.get('/login')),
      prompt('a signed-in page', signedInPage),
    ]);
    expect(fromApi.status).to.equal(503);
    expect(fromApi.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(fromApi.headers.get('retry-after')).to.equal('5');
    expect(await fromApi.json()).to.deep.include({
      status: 503,
      code: 'DATABASE_UNAVAILABLE',
      title: 'Serviço temporariamente indisponível',
      detail: 'Serviço temporariamente indisponível. Tente novamente em instantes.',
    });
    expect(fromSignInPage.status).to.be.oneOf([200, 503]);
    const signingIn =
      fromSignInPage.status === 200
        ? await prompt('signing in', () =>
            visitor
              .post('/login')
              .type('form')
              .send({ _csrf: csrfOf(fromSignInPage.text), email: 'ana@example.com', password: PASSWORD }),
          )
        : fromSignInPage;
    for (const page of [fromPage, signingIn]) {
      expect(page.status).to.equal(503);
      expect(page.headers['retry-after']).to.equal('5');
      expect(page.text).to.include('Serviço temporariamente indisponível').and.include('Aguarde alguns instantes e tente novamente.');
    }
    // A cached client is served until the revocation log has gone unread for REVOCATION_STALE_MS at most.
    await sleep(Math.max(0, since + REVOCATION_STALE_MS - Date.now()));
    const fromToken = await prompt('the token endpoint', token);
    expect(fromToken.status).to.equal(503);
    expect(fromToken.headers.get('retry-after')).to.equal('5');
    expect(await fromToken.json()).to.deep.equal({
      error: 'temporarily_unavailable',
      error_description: 'the service is temporarily unavailable; try again later',
    });
  }

  /** Once the database is back, the same requests succeed, without a restart (the first may still meet the outage). */
  async function expectServing(): Promise<void> {
    for (let status = 0; status !== 200; await sleep(200)) status = (await api()).status;
    expect((await api()).status).to.equal(200);
    expect((await token()).status).to.equal(200);
    expect((await fetch(`${base}/login`)).status).to.equal(200);
    expect((await signedInPage()).status).to.equal(200);
  }

  /** Since `from`, nothing above info but the outage's own line: no stack, no warning per request or connection attempt. */
  function expectQuiet(from: number): void {
    const loud = log()
      .slice(from)
      .filter((line) => line.err !== undefined || (line.level > 30 && line.msg !== 'database unavailable'));
    expect(loud).to.deep.equal([]);
    expect(server.stderr()).to.equal('');
  }

  function transitions(from: number): LogLine[] {
    return log()
      .slice(from)
      .filter((line) => line.msg === 'database unavailable' || line.msg === 'database available again');
  }

  it('answers 503 with Retry-After while PostgreSQL is stopped, logs the outage once, and serves again once it is back', async function () {
    this.timeout(60_000);
    const logStart = log().length;
    pgctl('stop', '-m', 'fast');
    const stopped = Date.now();
    await expectUnavailable(stopped);
    // Twice more, and past a few ticks of the background timers: still one line for the outage, and no stack.
    await expectUnavailable(stopped);
    const during = log().slice(logStart);
    expect(during.filter((line) => line.msg === 'request' && line.status === 503)).to.have.length.of.at.least(6);
    expectQuiet(logStart);
    expect(transitions(logStart).map((line) => line.msg)).to.deep.equal(['database unavailable']);
    expect(transitions(logStart)[0]?.reason).to.match(/ECONNREFUSED|57P01|terminat/);

    startCluster();
    await expectServing();
    const after = transitions(logStart);
    expect(after.map((line) => line.msg)).to.deep.equal(['database unavailable', 'database available again']);
    expect(after[1]?.downMs).to.be.a('number');
  });

  it('answers 503 promptly while PostgreSQL is frozen (its timeouts, not the freeze, bound each request), then serves again', async function () {
    this.timeout(60_000);
    startCluster();
    await expectServing();
    const logStart = log().length;
    const frozen = clusterProcesses();
    signal('STOP', frozen);
    try {
      await expectUnavailable(Date.now());
      expectQuiet(logStart);
    } finally {
      signal('CONT', frozen);
    }
    await expectServing();
    expect(transitions(logStart).map((line) => line.msg)).to.deep.equal(['database unavailable', 'database available again']);
  });
});
