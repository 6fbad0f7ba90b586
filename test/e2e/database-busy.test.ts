import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { createDb } from '../../app/db/knex.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { contratacaoInput } from '../support/data.ts';
import { onPostgres } from '../support/database.ts';
import { createUg } from '../support/fixtures.ts';
import { accessToken, createKey } from '../support/oauth.ts';

const title = 'a SQLite database locked by another process past its busy timeout';

// On PostgreSQL the outage test (database-outage.test.ts) stops and freezes a cluster of its own instead.
(onPostgres ? describe.skip : describe)(onPostgres ? `${title}: SQLite only` : title, () => {
  let t: TestApp;
  let token: string;
  const lines: Array<{ msg: string; level: number; err?: unknown }> = [];

  before(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    });
    t = await createTestApp({ logger: pino({ level: 'info' }, sink) });
    const ug = await createUg(t.services);
    token = await accessToken(t.app, await createKey(t.services, ug.id, 'escrita'));
  });
  after(() => t.close());

  const create = (numeroProcesso: string) =>
    request(t.app).post('/api/v1/contratacoes').set('Authorization', `Bearer ${token}`).send(contratacaoInput({ numeroProcesso }));

  it('answers a write 503 DATABASE_UNAVAILABLE with Retry-After, logs the outage without a stack, and writes again once released', async () => {
    const locker = createDb(t.database.url);
    await locker.raw('begin exclusive');
    const from = lines.length;
    try {
      const res = await create('1/2025')
        .expect(503)
        .expect('Content-Type', /application\/problem\+json/)
        .expect('Retry-After', '5');
      expect(res.body).to.include({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    } finally {
      await locker.raw('rollback');
      await locker.destroy();
    }
    await create('2/2025').expect(201);
    // A locked SQLite database still reads: each write refused meanwhile (the last-use flush's too) is a short outage of
    // its own, logged when it starts and when a query next succeeds, each at least a busy timeout apart.
    const logged = lines.slice(from).filter((line) => line.msg !== 'request');
    const transitions = logged.map((line) => line.msg);
    expect(transitions[0]).to.equal('database unavailable');
    expect(transitions.at(-1)).to.equal('database available again');
    expect(transitions.filter((msg, i) => msg !== (i % 2 === 0 ? 'database unavailable' : 'database available again'))).to.deep.equal([]);
    expect(logged.filter((line) => line.err !== undefined || line.level > 50)).to.deep.equal([]);
  });
});
