import { expect } from 'chai';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { createTribunal } from '../support/admin.ts';
import { runCli } from '../support/cli.ts';
import { createTestServices } from '../support/services.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { createUg, createUgWithPeople, createUser, PASSWORD } from '../support/fixtures.ts';
import { freePort } from '../support/net.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { csrfOf } from '../support/portal.ts';
import { inEveryProcess, noteRequestId, startServer, untilServing, type ServerProcess } from '../support/server.ts';

/**
 * Requests per check, each on a fresh connection. Which server process accepts a connection is the kernel's choice
 * (cluster.SCHED_NONE), so a check after a change is repeated until both processes answered it (inEveryProcess, by the
 * request log's pid): a test cannot pass having reached only one.
 */
const PER_CHECK = 4;
const WORKERS = 2;
const TRIALS = 3;
/** What README states for other instances: PostgreSQL's notification, or at worst the next poll and its read. */
const OTHER_INSTANCE_BOUND_MS = 1_500;

const basic = (key: { clientId: string; clientSecret: string }) =>
  `Basic ${Buffer.from(`${key.clientId}:${key.clientSecret}`).toString('base64')}`;

/** An address per key and per check of it: the failures this test causes stay under the per-address limits. */
const addressOf = (key: { clientId: string }, round = 0) => `198.51.${100 + round}.${(parseInt(key.clientId.slice(-6), 36) % 250) + 1}`;

function tokenResponse(base: string, key: { clientId: string; clientSecret: string }, from = addressOf(key)) {
  return fetch(`${base}/oauth/token`, {
    method: 'POST',
    // Through one trusted proxy.
    headers: {
      authorization: basic(key),
      'content-type': 'application/x-www-form-urlencoded',
      connection: 'close',
      'x-forwarded-for': from,
    },
    body: 'grant_type=client_credentials',
  });
}

async function token(base: string, key: Key): Promise<string> {
  const res = await tokenResponse(base, key);
  expect(res.status, await res.clone().text()).to.equal(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

/**
 * Statuses of PER_CHECK token requests with these credentials, and of PER_CHECK /api/v1/me calls with `bearer`; the
 * request ids go to `answered`. Each `round` of checks of a key comes from an address of its own.
 */
async function statuses(
  base: string,
  key: Key,
  bearer: string,
  answered: string[] = [],
  round = 0,
): Promise<{ token: number[]; api: number[] }> {
  const tokenStatuses: number[] = [];
  const apiStatuses: number[] = [];
  for (let i = 0; i < PER_CHECK; i++) {
    tokenStatuses.push((await tokenResponse(base, key, addressOf(key, round)).then(noteRequestId(answered))).status);
    const me = fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${bearer}`, connection: 'close' } });
    apiStatuses.push((await me.then(noteRequestId(answered))).status);
  }
  return { token: tokenStatuses, api: apiStatuses };
}

const everywhere = (status: number) => ({ token: Array<number>(PER_CHECK).fill(status), api: Array<number>(PER_CHECK).fill(status) });
/** Refused everywhere: 401, or 429 once the refusals themselves reach the failed-authentication limit. */
const refused = (seen: { token: number[]; api: number[] }) => ({ token: seen.token.map((s) => (s === 429 ? 401 : s)), api: seen.api });

interface Instance {
  server: ServerProcess;
  base: string;
}

async function startInstance(databaseUrl: string, workers: number, env: Record<string, string> = {}): Promise<Instance> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = startServer({
    ...env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    PUBLIC_URL: base,
    WEB_CONCURRENCY: String(workers),
    TRUST_PROXY: '1',
  });
  await untilServing(`${base}/oauth/jwks`);
  return { server, base };
}

async function stopInstance(instance: Instance | undefined): Promise<void> {
  if (!instance) return;
  instance.server.child.kill('SIGTERM');
  await instance.server.exited;
}

/** An admin key of the Tribunal, created before the servers start so that every process has its client built. */
async function adminKey(services: Services, tribunal: Ug): Promise<Key> {
  const { integration, clientSecret } = await services.integrationsAdmin.create(cliCaller, {
    ugId: tribunal.id,
    descricao: 'Automação',
    permissao: 'escrita',
    admin: true,
  });
  return { id: integration.id, ugId: tribunal.id, clientId: integration.clientId, clientSecret };
}

describe('a renewed, deleted or blocked key stops working in every server process before the change is answered (WEB_CONCURRENCY=2)', function () {
  this.timeout(240_000);
  let database: TestDatabase;
  let services: Services;
  let instance: Instance | undefined;
  let admin: Key;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let sysAdmin: { email: string };
  const keys: Key[] = [];
  /** One key in each of these UGs, to deactivate: one UG per trial of each surface. */
  const ugKeys: Key[] = [];
  let adminBearer: string;

  before(async () => {
    database = await createTestDatabase();
    services = (await createTestServices({ database })).services;
    admin = await adminKey(services, await createTribunal(services));
    people = await createUgWithPeople(services);
    sysAdmin = await createUser(services, { isAdmin: true });
    // Every check below that takes its key from this pool (nextKey): ten a trial, and the grace checks' three.
    for (let i = 0; i < TRIALS * 12; i++) keys.push(await createKey(services, people.ug.id));
    for (let i = 0; i < TRIALS * 2; i++) ugKeys.push(await createKey(services, (await createUg(services)).id));
    // Its request log tells which process answered each request.
    instance = await startInstance(database.url, WORKERS, { LOG_LEVEL: 'info' });
    adminBearer = await token(instance.base, admin);
  });
  after(async () => {
    await stopInstance(instance);
    await database.destroy();
  });

  const base = () => (instance as Instance).base;
  const adminApi = (method: 'patch' | 'delete', path: string) =>
    request(base())[method](`/api/v1/admin${path}`).set('Authorization', `Bearer ${adminBearer}`);

  const inBothProcesses = (check: (answered: string[], round: number) => Promise<void>) =>
    inEveryProcess((instance as Instance).server, WORKERS, check);

  /** Each key works in both processes, the change is made through a surface, and at once neither process accepts it. */
  async function checkSurface(pick: () => Key, change: (key: Key) => Promise<void>): Promise<void> {
    for (let trial = 0; trial < TRIALS; trial++) {
      const key = pick();
      const bearer = await token(base(), key);
      expect(await statuses(base(), key, bearer), 'before the change').to.deep.equal(everywhere(200));
      await change(key);
      await inBothProcesses(async (answered, round) => {
        expect(await statuses(base(), key, bearer, answered, round), `trial ${trial + 1}, right after the answer`).to.deep.equal(
          everywhere(401),
        );
      });
    }
  }

  const nextKey = () => keys.shift() as Key;
  const nextUgKey = () => ugKeys.shift() as Key;

  /** A visitor of the portal, signed in. */
  async function signedIn(email: string) {
    const agent = request.agent(base());
    const login = await agent.get('/login').expect(200);
    await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email, password: PASSWORD })
      .expect(303);
    return agent;
  }

  /** Opens a portal confirmation page and sends its form, as a person does. */
  async function confirm(agent: ReturnType<typeof request.agent>, path: string, fields: Record<string, string> = {}) {
    const page = await agent.get(path).expect(200);
    const res = await agent
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text), ...fields });
    expect(res.status, res.text).to.be.oneOf([200, 303]);
  }

  it('renewed through the admin API', () =>
    checkSurface(nextKey, async (key) => {
      await adminApi('patch', `/integracoes/${key.id}`).send({ renovarSegredo: true }).expect(200);
    }));

  it('blocked through the admin API', () =>
    checkSurface(nextKey, async (key) => {
      await adminApi('patch', `/integracoes/${key.id}`).send({ bloqueada: true, motivo: 'Segredo vazado' }).expect(200);
    }));

  it('deleted through the admin API', () =>
    checkSurface(nextKey, async (key) => {
      await adminApi('delete', `/integracoes/${key.id}`).expect(204);
    }));

  it('its UG deactivated through the admin API', () =>
    checkSurface(nextUgKey, async (key) => {
      await adminApi('patch', `/unidades-gestoras/${key.ugId}`).send({ ativa: false }).expect(200);
    }));

  it('its permission lowered through the admin API: every process issues the new scope at once, with the same secret', async () => {
    for (let trial = 0; trial < TRIALS; trial++) {
      const key = await createKey(services, people.ug.id, 'escrita');
      const scopesOf = async (answered: string[] = []) => {
        const scopes: string[] = [];
        for (let i = 0; i < PER_CHECK; i++)
          scopes.push(((await (await tokenResponse(base(), key).then(noteRequestId(answered))).json()) as { scope: string }).scope);
        return scopes;
      };
      expect(await scopesOf(), 'before the change').to.deep.equal(Array<string>(PER_CHECK).fill('leitura escrita'));
      await adminApi('patch', `/integracoes/${key.id}`).send({ permissao: 'leitura' }).expect(200);
      await inBothProcesses(async (answered) => {
        expect(await scopesOf(answered), `trial ${trial + 1}, right after the answer`).to.deep.equal(
          Array<string>(PER_CHECK).fill('leitura'),
        );
      });
    }
  });

  /**
   * A key of `escrita` and a token of it, whose scope is lowered to `leitura` by `change`: right after the answer, in
   * every process, that token still reads and is refused a write (403), and a new token only reads.
   */
  async function checkLowered(change: (key: Key) => Promise<void>): Promise<void> {
    for (let trial = 0; trial < TRIALS; trial++) {
      const key = await createKey(services, people.ug.id, 'escrita');
      const bearer = await token(base(), key);
      const uses = async (answered: string[] = []) => {
        const seen = { read: [] as number[], write: [] as number[] };
        for (let i = 0; i < PER_CHECK; i++) {
          const headers = { authorization: `Bearer ${bearer}`, connection: 'close', 'content-type': 'application/json' };
          seen.read.push((await fetch(`${base()}/api/v1/me`, { headers }).then(noteRequestId(answered))).status);
          // An empty contratação: past the scope guard it is refused as invalid (422), before it for the scope (403).
          const write = fetch(`${base()}/api/v1/contratacoes`, { method: 'POST', headers, body: '{}' });
          seen.write.push((await write.then(noteRequestId(answered))).status);
        }
        return seen;
      };
      const fill = (status: number) => Array<number>(PER_CHECK).fill(status);
      expect(await uses(), 'before the change').to.deep.equal({ read: fill(200), write: fill(422) });
      await change(key);
      await inBothProcesses(async (answered) => {
        expect(await uses(answered), `trial ${trial + 1}, right after the answer`).to.deep.equal({ read: fill(200), write: fill(403) });
      });
      const scope = ((await (await tokenResponse(base(), key)).json()) as { scope: string }).scope;
      expect(scope, 'a new token').to.equal('leitura');
    }
  }

  it("its permission lowered by the gestor in the portal (Editar): every process refuses its tokens' writes at once", async () => {
    const gestor = await signedIn(people.gestor.email);
    await checkLowered(async (key) => {
      const path = `/unidades-gestoras/${people.ug.id}/integracoes/${key.id}/editar`;
      const page = await gestor.get(path).expect(200);
      const hidden = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(page.text)?.[1] ?? '';
      await gestor
        .post(path)
        .type('form')
        .send({
          _csrf: csrfOf(page.text),
          descricaoMostrada: hidden('descricaoMostrada'),
          permissaoMostrada: hidden('permissaoMostrada'),
          descricao: hidden('descricaoMostrada'),
          permissao: 'leitura',
        })
        .expect(303);
    });
  });

  it('its permission lowered on the command line (integration edit)', () =>
    checkLowered(async (key) => {
      const result = await runCli(database.url, ['integration', 'edit', String(key.id), '--permissao', 'leitura']);
      expect(result.code, result.stderr).to.equal(0);
    }));

  it('renewed and deleted by the gestor in the portal', async () => {
    const gestor = await signedIn(people.gestor.email);
    for (const acao of ['renovar', 'excluir'] as const)
      await checkSurface(nextKey, (key) => confirm(gestor, `/unidades-gestoras/${people.ug.id}/integracoes/${key.id}/${acao}`));
  });

  for (const [acao, done] of [
    ['bloquear', 'blocked'],
    ['renovar', 'renewed'],
    ['excluir', 'deleted'],
  ] as const)
    it(`${done} by the Sys Admin in the portal (Administração → Integrações)`, async () => {
      const admin = await signedIn(sysAdmin.email);
      await checkSurface(nextKey, (key) =>
        confirm(admin, `/admin/integracoes/${key.id}/${acao}`, acao === 'bloquear' ? { motivo: 'Segredo vazado' } : {}),
      );
    });

  it('its UG deactivated by the Sys Admin in the portal (Administração → Unidades Gestoras → Desativar)', async () => {
    const admin = await signedIn(sysAdmin.email);
    await checkSurface(nextUgKey, (key) => confirm(admin, `/admin/unidades-gestoras/${key.ugId}/desativar`));
  });

  /** Token and /me statuses with the previous secret and a token of it, and with the new one: in every process, until all answered. */
  async function checkRotation(
    before: Key,
    after: Key,
    bearers: { before: string[]; after: string },
    expected: { before: number; after: number },
    label: string,
  ) {
    await inBothProcesses(async (answered, round) => {
      const seen = [];
      for (const bearer of bearers.before) seen.push(refused(await statuses(base(), before, bearer, answered, round)));
      const now = refused(await statuses(base(), after, bearers.after, answered, round));
      expect({ before: seen, after: now }, label).to.deep.equal({
        before: bearers.before.map(() => everywhere(expected.before)),
        after: everywhere(expected.after),
      });
    });
  }

  it('renewed with a grace through the admin API: both secrets, and their tokens, work in every process until it ends; then only the new one', async function () {
    const GRACE_S = 8;
    const key = nextKey();
    const oldBearer = await token(base(), key);
    const res = await adminApi('patch', `/integracoes/${key.id}`).send({ renovarSegredo: true, carenciaSegundos: GRACE_S }).expect(200);
    const renewed = { ...key, clientSecret: res.body.clientSecret as string };
    const validUntil = Date.parse(res.body.segredos[1].validoAte as string);
    expect(res.body.segredos.map((s: { atual: boolean }) => s.atual)).to.deep.equal([true, false]);
    // A token obtained with the previous secret during its grace, and one with the new secret.
    const graceBearer = await token(base(), key);
    const bearers = { before: [oldBearer, graceBearer], after: await token(base(), renewed) };
    await checkRotation(key, renewed, bearers, { before: 200, after: 200 }, 'during the grace');
    expect(Date.now(), 'the checks ran within the grace').to.be.below(validUntil);
    await new Promise((resolve) => setTimeout(resolve, validUntil - Date.now() + 50));
    await checkRotation(key, renewed, bearers, { before: 401, after: 200 }, 'right after the grace ended');
  });

  it('a grace ended early by the gestor in the portal ("Encerrar agora"), and a second renewal during a grace on the command line: the older secret stops at once', async () => {
    const gestor = await signedIn(people.gestor.email);
    const key = nextKey();
    const keyPage = `/unidades-gestoras/${people.ug.id}/integracoes/${key.id}`;
    const oldBearer = await token(base(), key);
    const res = await adminApi('patch', `/integracoes/${key.id}`).send({ renovarSegredo: true, carenciaSegundos: 3600 }).expect(200);
    const renewed = { ...key, clientSecret: res.body.clientSecret as string };
    const bearers = { before: [oldBearer, await token(base(), key)], after: await token(base(), renewed) };
    await checkRotation(key, renewed, bearers, { before: 200, after: 200 }, 'during the grace');
    const page = await gestor.get(keyPage).expect(200);
    const ended = await gestor
      .post(`${keyPage}/encerrar-carencia`)
      .type('form')
      .send({ _csrf: csrfOf(page.text) })
      .expect(303);
    expect(ended.headers.location).to.equal(keyPage);
    await checkRotation(key, renewed, bearers, { before: 401, after: 200 }, 'right after Encerrar agora');

    // On the command line: renewed with a grace, then again during it (the first secret ends at once, the second lasts).
    const first = nextKey();
    const firstBearer = await token(base(), first);
    const rotate = async () => {
      const result = await runCli(database.url, ['integration', 'rotate', String(first.id), '--grace', '1h', '--json']);
      expect(result.code, result.stderr).to.equal(0);
      return { ...first, clientSecret: (JSON.parse(result.stdout) as { clientSecret: string }).clientSecret };
    };
    const second = await rotate();
    const secondBearer = await token(base(), second);
    await checkRotation(first, second, { before: [firstBearer], after: secondBearer }, { before: 200, after: 200 }, 'first grace');
    const third = await rotate();
    await checkRotation(
      first,
      third,
      { before: [firstBearer], after: await token(base(), third) },
      { before: 401, after: 200 },
      'second renewal',
    );
    await checkRotation(
      second,
      third,
      { before: [secondBearer], after: await token(base(), third) },
      { before: 200, after: 200 },
      'second grace',
    );
  });

  it('rotated and deleted on the command line', async () => {
    for (const action of ['rotate', 'delete'] as const) {
      await checkSurface(nextKey, async (key) => {
        const result = await runCli(database.url, ['integration', action, String(key.id)]);
        expect(result.code, result.stderr).to.equal(0);
      });
    }
  });
});

describe('two instances on PostgreSQL: a UG deactivated on one while keys are renewed on the other', function () {
  this.timeout(300_000);
  let database: TestDatabase;
  let services: Services;
  let a: Instance | undefined;
  let b: Instance | undefined;

  before(async function () {
    if (!onPostgres) this.skip(); // on SQLite one instance is the deployment
    database = await createTestDatabase();
    services = (await createTestServices({ database })).services;
  });
  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await database?.destroy();
  });
  let admin: Key | undefined;
  /** The Tribunal's admin key, made once: each test gets its tokens from whichever instance it calls. */
  const tribunalAdmin = async () => (admin ??= await adminKey(services, await createTribunal(services)));

  it('refuses every key of the UG and its outstanding tokens on the other instance within the bound, every time', async () => {
    const TRIALS_RACE = 10;
    const KEYS_PER_UG = 300;
    const admin = await tribunalAdmin();
    const busy = await createUg(services);
    const busyKeys = await Promise.all(Array.from({ length: 8 }, () => createKey(services, busy.id)));
    const targets = [];
    // Many keys per UG: the deactivation's transaction writes an entry per key, so others commit while it is open.
    for (let i = 0; i < TRIALS_RACE; i++) {
      const ug = await createUg(services);
      const ugKeys = await Promise.all(Array.from({ length: KEYS_PER_UG }, () => createKey(services, ug.id)));
      // Its first key's entry gets the lowest id, its last key's the highest: both are checked, not all 300 (a token
      // request per key would take longer than the bound). Those two suffice: the deactivation writes every entry in one
      // transaction, so all carry one txid and commit together, and a read (txid >= the previous xmin) has all of them
      // or none, while a reader that skipped part of them (by id) would miss the lowest.
      targets.push({ ug, keys: [ugKeys[0] as Key, ugKeys.at(-1) as Key] });
    }
    [a, b] = await Promise.all([startInstance(database.url, 2), startInstance(database.url, 1)]);
    const [onA, onB] = [a.base, b.base];
    const [adminOnA, adminOnB] = [await token(onA, admin), await token(onB, admin)];

    // Renewals in flight on A the whole time: their entries get ids next to the deactivations' and commit in any order.
    let renewing = true;
    const renewals = busyKeys.map(async (key) => {
      while (renewing) {
        await request(onA)
          .patch(`/api/v1/admin/integracoes/${key.id}`)
          .set('Authorization', `Bearer ${adminOnA}`)
          .send({ renovarSegredo: true })
          .expect(200);
      }
    });
    try {
      for (const [trial, { ug, keys }] of targets.entries()) {
        const bearers = await Promise.all(keys.map((key) => token(onA, key)));
        await request(onB)
          .patch(`/api/v1/admin/unidades-gestoras/${ug.id}`)
          .set('Authorization', `Bearer ${adminOnB}`)
          .send({ ativa: false })
          .expect(200);
        const answered = Date.now();
        for (const [i, key] of keys.entries()) {
          let seen = refused(await statuses(onA, key, bearers[i] as string));
          while (JSON.stringify(seen) !== JSON.stringify(everywhere(401)) && Date.now() - answered < OTHER_INSTANCE_BOUND_MS)
            seen = refused(await statuses(onA, key, bearers[i] as string));
          expect(
            seen,
            `trial ${trial + 1}: key ${i + 1} on the other instance, ${Date.now() - answered} ms after the answer`,
          ).to.deep.equal(everywhere(401));
        }
        // And it stays refused: nothing read later brings it back.
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const [i, key] of keys.entries())
          expect(refused(await statuses(onA, key, bearers[i] as string)), `trial ${trial + 1}: later`).to.deep.equal(everywhere(401));
      }
    } finally {
      renewing = false;
      await Promise.all(renewals);
    }
  });

  it('renewed with a grace on one instance while others renew: both secrets work on the other; the grace ended there, the old one is refused on the first within the bound', async () => {
    const TRIALS_GRACE = 5;
    const admin = await tribunalAdmin();
    const ug = await createUg(services);
    const rotated = await Promise.all(Array.from({ length: TRIALS_GRACE }, () => createKey(services, ug.id)));
    const busyKeys = await Promise.all(Array.from({ length: 4 }, () => createKey(services, ug.id)));
    [a, b] = [a ?? (await startInstance(database.url, 2)), b ?? (await startInstance(database.url, 1))];
    const [onA, onB] = [a.base, b.base];
    const [adminOnA, adminOnB] = [await token(onA, admin), await token(onB, admin)];
    const patch = (on: string, bearer: string, id: number, body: object) =>
      request(on).patch(`/api/v1/admin/integracoes/${id}`).set('Authorization', `Bearer ${bearer}`).send(body).expect(200);
    let renewing = true;
    // Renewals with and without a grace in flight on B the whole time, concurrently with the trials' changes.
    const renewals = busyKeys.map(async (key, i) => {
      while (renewing)
        await patch(onB, adminOnB, key.id, i % 2 ? { renovarSegredo: true } : { renovarSegredo: true, carenciaSegundos: 60 });
    });
    const until = async (check: () => Promise<boolean>) => {
      const started = Date.now();
      while (!(await check()) && Date.now() - started < OTHER_INSTANCE_BOUND_MS);
      return Date.now() - started;
    };
    const same = (expected: object) => async (on: string, key: Key, bearer: string) =>
      JSON.stringify(refused(await statuses(on, key, bearer))) === JSON.stringify(expected);
    try {
      for (const [trial, key] of rotated.entries()) {
        const oldBearer = await token(onB, key);
        const res = await patch(onA, adminOnA, key.id, { renovarSegredo: true, carenciaSegundos: 3600 });
        const renewed = { ...key, clientSecret: res.body.clientSecret as string };
        // On the other instance the new secret is known within the bound, and the old one keeps working throughout.
        const waited = await until(() => same(everywhere(200))(onB, renewed, oldBearer));
        expect(refused(await statuses(onB, renewed, oldBearer)), `trial ${trial + 1}: new secret on B after ${waited} ms`).to.deep.equal(
          everywhere(200),
        );
        expect(refused(await statuses(onB, key, oldBearer)), `trial ${trial + 1}: old secret on B`).to.deep.equal(everywhere(200));
        await patch(onB, adminOnB, key.id, { encerrarCarencia: true });
        const ended = await until(() => same(everywhere(401))(onA, key, oldBearer));
        expect(refused(await statuses(onA, key, oldBearer)), `trial ${trial + 1}: old secret on A ${ended} ms after the end`).to.deep.equal(
          everywhere(401),
        );
        expect(refused(await statuses(onA, renewed, await token(onA, renewed))), `trial ${trial + 1}: new secret on A`).to.deep.equal(
          everywhere(200),
        );
      }
    } finally {
      renewing = false;
      await Promise.all(renewals);
    }
  });
});

describe('two instances on PostgreSQL: a permission lowered by the gestor in the portal of one', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let services: Services;
  let a: Instance | undefined;
  let b: Instance | undefined;

  before(async function () {
    if (!onPostgres) this.skip(); // on SQLite one instance is the deployment
    database = await createTestDatabase();
    services = (await createTestServices({ database })).services;
  });
  after(async () => {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await database?.destroy();
  });

  it("refuses writes (403) to the key's tokens already issued on the other instance within the bound; they still read", async () => {
    const people = await createUgWithPeople(services);
    const keys = await Promise.all(Array.from({ length: TRIALS }, () => createKey(services, people.ug.id, 'escrita')));
    [a, b] = await Promise.all([startInstance(database.url, 1), startInstance(database.url, 1)]);
    const [onA, onB] = [a.base, b.base];
    const gestor = request.agent(onB);
    const login = await gestor.get('/login').expect(200);
    await gestor
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: people.gestor.email, password: PASSWORD })
      .expect(303);
    const uses = async (bearer: string) => {
      const headers = { authorization: `Bearer ${bearer}`, connection: 'close', 'content-type': 'application/json' };
      const read = (await fetch(`${onA}/api/v1/me`, { headers })).status;
      const write = (await fetch(`${onA}/api/v1/contratacoes`, { method: 'POST', headers, body: '{}' })).status;
      return { read, write };
    };
    for (const [trial, key] of keys.entries()) {
      const bearer = await token(onA, key);
      expect(await uses(bearer), 'before the change').to.deep.equal({ read: 200, write: 422 });
      const path = `/unidades-gestoras/${people.ug.id}/integracoes/${key.id}/editar`;
      const page = await gestor.get(path).expect(200);
      const fields = { descricaoMostrada: 'chave escrita', permissaoMostrada: 'escrita', descricao: 'chave escrita', permissao: 'leitura' };
      await gestor
        .post(path)
        .type('form')
        .send({ _csrf: csrfOf(page.text), ...fields })
        .expect(303);
      const answered = Date.now();
      let seen = await uses(bearer);
      while (seen.write !== 403 && Date.now() - answered < OTHER_INSTANCE_BOUND_MS) seen = await uses(bearer);
      expect(seen, `trial ${trial + 1}, ${Date.now() - answered} ms after the answer`).to.deep.equal({ read: 200, write: 403 });
    }
  });
});
