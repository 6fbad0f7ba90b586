import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../app/app.ts';
import { createDb } from '../../app/db/knex.ts';
import { createLogger } from '../../app/logger.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createTestServices, type TestServices } from '../support/services.ts';

const rows = async (t: TestServices, table: string) => Number((await t.database.db(table).count({ n: '*' }).first())?.n);

const ALL_OK = { database: 'ok', tokenEndpoint: 'ok', signingKey: 'ok' };

describe('probes: /healthz and /readyz', () => {
  describe('on a healthy app', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
    });
    after(() => t.close());

    it('answer 200 to GET and HEAD, never cached, with no cookie, no session and no audit event written', async () => {
      const before = { sessions: await rows(t, 'sessions'), audit: await rows(t, 'audit_events') };
      const health = await request(t.app)
        .get('/healthz')
        .expect(200)
        .expect('Content-Type', /^application\/json/);
      expect(health.body).to.deep.equal({ status: 'ok' });
      const ready = await request(t.app)
        .get('/readyz')
        .expect(200)
        .expect('Content-Type', /^application\/json/);
      expect(ready.body).to.deep.equal({ status: 'ok', checks: ALL_OK });
      for (const path of ['/healthz', '/readyz']) {
        const head = await request(t.app).head(path).expect(200);
        expect(head.text ?? '').to.equal('');
        for (const res of [head, path === '/healthz' ? health : ready]) {
          expect(res.headers['cache-control']).to.equal('no-store');
          expect(res.headers['set-cookie']).to.equal(undefined);
          expect(res.headers.location).to.equal(undefined);
        }
      }
      expect({ sessions: await rows(t, 'sessions'), audit: await rows(t, 'audit_events') }).to.deep.equal(before);
    });
  });

  describe('with the database gone', () => {
    let base: TestDatabase;
    let t: TestApp;
    before(async () => {
      base = await createTestDatabase();
      // A pool of the app's own, so the test database itself can still be dropped afterwards.
      t = await createTestApp({ database: { ...base, db: createDb(base.url) } });
    });
    after(async () => {
      await t.close();
      await base.destroy();
    });

    it('/readyz answers 503 with the reason, /healthz still 200', async () => {
      await t.database.db.destroy();
      const res = await request(t.app)
        .get('/readyz')
        .expect(503)
        .expect('Content-Type', /^application\/problem\+json/);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.body).to.deep.equal({
        type: 'about:blank',
        title: 'Serviço indisponível',
        status: 503,
        detail: 'o banco de dados está inacessível',
        checks: { ...ALL_OK, database: 'o banco de dados está inacessível' },
      });
      await request(t.app).head('/readyz').expect(503);
      await request(t.app).get('/healthz').expect(200, { status: 'ok' });
    });
  });

  describe('while the token endpoint is starting', () => {
    let t: TestServices;
    let stop: () => Promise<void>;
    after(async () => {
      await stop();
      await t.close();
    });

    it('/readyz answers 503 until the app is ready, then 200', async () => {
      t = await createTestServices();
      await t.services.signingKeys.ensureKey();
      // The signing keys are read as the token endpoint starts: held back here until the test lets them through.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const load = t.services.signingKeys.load.bind(t.services.signingKeys);
      t.services.signingKeys.load = async () => {
        await held;
        return load();
      };
      const app = createApp({ config: t.config, services: t.services, secrets: t.secrets, logger: createLogger('silent') });
      stop = app.stop;

      const starting = await request(app.listener).get('/readyz').expect(503);
      expect(starting.body.checks).to.deep.equal({
        database: 'ok',
        tokenEndpoint: 'o servidor de tokens ainda está carregando as integrações',
        signingKey: 'nenhuma chave de assinatura de tokens foi carregada',
      });
      expect(starting.body.detail).to.equal(
        'o servidor de tokens ainda está carregando as integrações; nenhuma chave de assinatura de tokens foi carregada',
      );
      release();
      await app.ready;
      await request(app.listener).get('/readyz').expect(200, { status: 'ok', checks: ALL_OK });
    });
  });

  describe('without a signing key', () => {
    let t: TestServices;
    let stop: () => Promise<void>;
    after(async () => {
      await stop();
      await t.close();
    });

    it('/readyz answers 503 once started: the token endpoint cannot sign', async () => {
      t = await createTestServices();
      const app = createApp({ config: t.config, services: t.services, secrets: t.secrets, logger: createLogger('silent') });
      stop = app.stop;
      await app.ready;
      const res = await request(app.listener).get('/readyz').expect(503);
      expect(res.body.checks).to.deep.equal({ ...ALL_OK, signingKey: 'nenhuma chave de assinatura de tokens foi carregada' });
    });
  });
});
