import { readFileSync } from 'node:fs';
import http from 'node:http';
import { expect } from 'chai';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { freePort } from '../support/net.ts';
import { descendants, running, startServer, untilServed, type ServerProcess } from '../support/server.ts';

interface Outcome {
  startedAt: number;
  /** The status of a complete response, or the error that ended the request. */
  result: number | string;
  connection?: string;
}

/** One GET on `agent` (keep-alive) or a connection of its own; a response counts once its whole body has arrived. */
function get(url: string, agent: http.Agent | false, timeoutMs = 30_000): Promise<Outcome> {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const req = http.get(url, { agent }, (res) => {
      const expected = Number(res.headers['content-length']);
      let length = 0;
      res.on('data', (chunk: Buffer) => (length += chunk.length));
      res.on('end', () =>
        resolve({ startedAt, result: length === expected ? (res.statusCode ?? 0) : 'truncated', connection: res.headers.connection }),
      );
      res.on('error', (err: NodeJS.ErrnoException) => resolve({ startedAt, result: err.code ?? err.message }));
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error('no answer')));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ startedAt, result: err.code ?? err.message }));
  });
}

/**
 * A token request whose body is sent slowly: the headers and part of the body now, the rest on `finish()`; until then
 * the server waits for it (a request in flight, with nothing of its answer written).
 */
function slowUpload(url: string): { response: Promise<Outcome>; finish(): void } {
  const body = 'grant_type=client_credentials&scope=leitura';
  const startedAt = Date.now();
  const req = http.request(`${url}/oauth/token`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': body.length },
  });
  req.write(body.slice(0, 10));
  const response = new Promise<Outcome>((resolve) => {
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ startedAt, result: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ startedAt, result: err.code ?? err.message }));
  });
  return { response, finish: () => req.end(body.slice(10)) };
}

/** The lines `server` has logged with `msg`, parsed. */
function logged(server: ServerProcess, msg: string): Array<{ pid?: number; restartInMs?: number }> {
  return server
    .stdout()
    .split('\n')
    .filter((line) => line.includes(`"msg":"${msg}"`))
    .map((line) => JSON.parse(line) as { pid?: number; restartInMs?: number });
}

/** Resolves once `server` has logged `count` lines with `msg` (LOG_LEVEL=info). */
async function untilLogged(server: ServerProcess, msg: string, count = 1): Promise<void> {
  while (logged(server, msg).length < count) {
    if (server.child.exitCode !== null) throw new Error(`the server exited before logging ${msg}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The server processes under `pid` (tsx adds an esbuild process of its own). */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, 'utf8');

const serverProcesses = (pid: number) => descendants(pid).filter((child) => running(child));

describe('stopping and starting (npm start)', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let port: number;
  let url: string;
  let env: Record<string, string>;

  before(async () => {
    database = await createTestDatabase();
  });
  beforeEach(async () => {
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { DATABASE_URL: database.url, PORT: String(port), PUBLIC_URL: url, WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' };
  });
  after(() => database.destroy());

  it('SIGTERM to npm start under load: every request sent before it is answered in full, every process exits, exit code 0', async () => {
    const server = startServer(env, { npm: true });
    await untilServed(server, `${url}/oauth/jwks`);
    await untilLogged(server, 'server process listening', 2);
    const processes = serverProcesses(server.child.pid as number);
    expect(processes.length, 'the primary, two server processes (and esbuild)').to.be.at.least(3);

    const outcomes: Outcome[] = [];
    let exited = false;
    void server.exited.then(() => (exited = true));
    // Eight clients, each a loop of requests on one kept-alive connection (a new one after `Connection: close`).
    const clients = Array.from({ length: 8 }, async () => {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      for (let i = 0; i < 2_000 && !exited; i += 1) outcomes.push(await get(`${url}/api/openapi.json`, agent));
      agent.destroy();
    });
    while (outcomes.length < 200) await new Promise((resolve) => setTimeout(resolve, 20));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    await Promise.all(clients);

    const before = outcomes.filter((o) => o.startedAt < signalledAt);
    const after = outcomes.filter((o) => o.startedAt >= signalledAt);
    expect(before.filter((o) => o.result !== 200)).to.deep.equal([]);
    // Once the listener is closed a new connection is refused, and one kept alive is closed: expected, not failures.
    expect(after.filter((o) => ![200, 'ECONNREFUSED', 'ECONNRESET'].includes(o.result))).to.deep.equal([]);
    expect(code).to.equal(0);
    for (let waited = 0; processes.some(running) && waited < 5_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processes.filter(running), 'processes left running').to.deep.equal([]);
  });

  it('waits for a request in flight, answers it with Connection: close, then exits 0', async () => {
    const server = startServer(env);
    await untilServed(server, `${url}/oauth/jwks`);
    await untilLogged(server, 'server process listening', 2);
    const upload = slowUpload(url);
    await pause(500); // the server has read its headers
    server.child.kill('SIGTERM');
    await untilLogged(server, 'shutting down', 3);
    expect((await get(`${url}/oauth/jwks`, false)).result, 'no new connection once draining').to.equal('ECONNREFUSED');
    expect(server.child.exitCode, 'still draining').to.equal(null);
    upload.finish();
    const answer = await upload.response;
    expect(answer.result).to.equal(400);
    expect(answer.connection).to.equal('close');
    expect((await server.exited).code).to.equal(0);
  });

  it('exits non-zero after SHUTDOWN_TIMEOUT_MS, logging how many requests it cut', async () => {
    const server = startServer({ ...env, SHUTDOWN_TIMEOUT_MS: '1000' });
    await untilServed(server, `${url}/oauth/jwks`);
    await untilLogged(server, 'server process listening', 2);
    const upload = slowUpload(url);
    await pause(500);
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).to.equal(1);
    const cut = server
      .stdout()
      .split('\n')
      .filter((line) => line.includes('"msg":"requests still unanswered'));
    expect(cut).to.have.length(1);
    expect(JSON.parse(cut[0] as string)).to.include({ cut: 1, timeoutMs: 1000 });
    expect((await upload.response).result).to.be.oneOf(['ECONNRESET', 'socket hang up']);
  });

  it('exits 0 on a SIGTERM that reaches server processes still starting (they had nothing to drain)', async () => {
    const server = startServer({ ...env, WEB_CONCURRENCY: '4' });
    await untilLogged(server, 'server process listening');
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    expect(logged(server, 'server process listening').length, 'processes listening when stopped').to.be.below(4);
    expect(code).to.equal(0);
  });

  it('replaces a server process killed with SIGKILL, waiting 100, 200 then 400 ms when its replacements die in turn, and requests on new connections right after it are answered', async () => {
    const server = startServer(env);
    try {
      await untilServed(server, `${url}/oauth/jwks`);
      await untilLogged(server, 'server process listening', 2);
      const [victim] = descendants(server.child.pid as number).filter((pid) => running(pid) && /server\.ts/.test(cmdline(pid)));
      process.kill(victim as number, 'SIGKILL');
      // New connections one after the other, from the moment it died: none may wait (up to 5 s counts as waiting).
      const answers: Outcome[] = [];
      for (let i = 0; i < 20; i += 1) answers.push(await get(`${url}/oauth/jwks`, false, 5_000));
      expect(answers.map((a) => a.result)).to.deep.equal(Array<number>(20).fill(200));
      // Its replacement killed twice more, each soon after it listened: the waits double.
      for (let listening = 3; listening <= 4; listening += 1) {
        await untilLogged(server, 'server process listening', listening);
        process.kill(logged(server, 'server process listening').at(-1)?.pid as number, 'SIGKILL');
      }
      await untilLogged(server, 'server process listening', 5);
      expect(logged(server, 'server process exited; starting another').map((line) => line.restartInMs)).to.deep.equal([100, 200, 400]);
      expect((await get(`${url}/oauth/jwks`, false)).result).to.equal(200);
    } finally {
      server.child.kill('SIGTERM');
      expect((await server.exited).code).to.equal(0);
    }
  });
});
