import { expect } from 'chai';
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import request from 'supertest';
import type { PostmanCollection } from '../../app/api/postman-collection.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import type { TestApp } from '../support/app.ts';
import { startLiveApp, type LiveApp } from '../support/browser.ts';
import { createKey, type Key } from '../support/oauth.ts';

interface Ran {
  name: string;
  path: string;
  status: number | undefined;
  error: string | undefined;
}

/** Runs one folder of the collection with newman, as an integrator would with the key's client id and secret. */
function runFolder(
  collection: PostmanCollection,
  folder: string,
  baseUrl: string,
  key: Key,
): Promise<{ summary: NewmanRunSummary; ran: Ran[] }> {
  const ran: Ran[] = [];
  const envVar = Object.entries({ baseUrl, clientId: key.clientId, clientSecret: key.clientSecret }).map(([k, value]) => ({
    key: k,
    value,
  }));
  return new Promise((resolve, reject) => {
    newman
      .run(
        { collection: collection as unknown as NewmanRunOptions['collection'], folder, envVar, reporters: [], timeoutRequest: 10_000 },
        (err, summary) => (err ? reject(err) : resolve({ summary, ran })),
      )
      .on('request', (err, args) => {
        ran.push({
          name: args.item.name,
          path: `/${args.request.url.path?.join('/') ?? ''}`,
          status: args.response?.code,
          error: err?.message,
        });
      });
  });
}

/** The requests of a folder, in the order the collection runs them. */
function requestNames(collection: PostmanCollection, folder: string): string[] {
  return (collection.item.find((f) => f.name === folder)?.item ?? []).flatMap((group) => (group.item ?? []).map((i) => i.name));
}

describe('the Postman collection, run with newman against a live server: every request 2xx', function () {
  this.timeout(120_000);
  let live: LiveApp;
  let t: TestApp;
  let collection: PostmanCollection;

  before(async () => {
    // The collection comes from a server whose PUBLIC_URL is not where newman finds it: baseUrl must be a variable.
    live = await startLiveApp({ PUBLIC_URL: 'http://127.0.0.1:3000' });
    t = live.t;
    await t.services.demo.fill({ seed: 13, contratacoes: 100 });
    collection = (await request(t.app).get('/api/postman-collection.json').expect(200)).body as PostmanCollection;
  });
  after(() => live?.close());

  it('downloads as a file, with the variables and OAuth 2.0 client credentials at the collection level', async () => {
    const res = await request(t.app)
      .get('/api/postman-collection.json')
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.headers['content-disposition']).to.equal('attachment; filename=cidades-api.postman_collection.json');
    expect(collection.info.schema).to.equal('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.variable.map((v) => v.key)).to.include.members(['baseUrl', 'clientId', 'clientSecret']);
    expect(collection.variable.find((v) => v.key === 'baseUrl')?.value).to.equal('http://127.0.0.1:3000');
    expect(collection.auth.oauth2).to.deep.include.members([
      { key: 'grant_type', value: 'client_credentials' },
      { key: 'accessTokenUrl', value: '{{baseUrl}}/oauth/token' },
      { key: 'clientId', value: '{{clientId}}' },
      { key: 'clientSecret', value: '{{clientSecret}}' },
    ]);
  });

  /** Runs a folder twice (a second run must not clash with what the first created) and checks every request. */
  async function runsGreen(folder: string, key: Key): Promise<void> {
    const names = requestNames(collection, folder);
    for (const round of [1, 2]) {
      const { summary, ran } = await runFolder(collection, folder, live.baseUrl, key);
      const where = `${folder}, run ${round}`;
      expect(
        summary.run.failures.map((f) => `${f.source?.name ?? ''}: ${f.error.message}`),
        where,
      ).to.deep.equal([]);
      // The collection's script asks for a token once (pm.sendRequest), then every request of the folder runs: none skipped.
      expect(
        ran.filter((r) => r.path === '/oauth/token').map((r) => r.status),
        where,
      ).to.deep.equal([200]);
      const operations = ran.filter((r) => r.path !== '/oauth/token');
      expect(
        operations.map((r) => r.name),
        where,
      ).to.deep.equal(names);
      for (const r of operations)
        expect([r.error, r.status], `${where}: ${r.name}`).to.satisfy(([e, s]: [unknown, number]) => !e && s >= 200 && s < 300);
    }
  }

  it('the data folder, with a key of `escrita` of an aggregator UG: create, read, replace, patch, delete, read', async () => {
    // An aggregator's key reads its UGs' remessas and atos too, and writes contratações of its own UG.
    const ug = await t.database
      .db('unidades_gestoras')
      .whereIn('id', t.database.db('unidades_gestoras').whereNotNull('agregadora_id').select('agregadora_id'))
      .orderBy('id')
      .first<{ id: number }>('id');
    expect(ug, 'a demo aggregator UG').not.to.equal(undefined);
    await runsGreen('API de dados', await createKey(t.services, ug?.id ?? 0, 'escrita'));
  });

  it('the admin folder, with an admin key of the Tribunal: a UG, a user, a membership and a key, each undone', async () => {
    const { key } = await adminToken(t.app, t.services, await createTribunal(t.services));
    await runsGreen('Administração', key);
  });
});
