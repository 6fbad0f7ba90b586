import { expect } from 'chai';
import newman, { type NewmanRunOptions, type NewmanRunSummary } from 'newman';
import request from 'supertest';
import type { PostmanCollection } from '../../app/api/postman-collection.ts';
import type { TestApp } from '../support/app.ts';
import { startLiveApp, type LiveApp } from '../support/browser.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';

interface Ran {
  id: string;
  name: string;
  path: string;
  documented: number[];
  status: number | undefined;
  error: string | undefined;
}

interface CollectionItem {
  id: string;
  name: string;
  item?: CollectionItem[];
  response?: Array<{ code: number }>;
}

function requestsOf(items: CollectionItem[]): CollectionItem[] {
  return items.flatMap((item) => (item.item ? requestsOf(item.item) : [item]));
}

/** Runs the collection with newman and reports each request's status against the responses the collection documents. */
function runNewman(collection: PostmanCollection, variables: Record<string, string>): Promise<{ summary: NewmanRunSummary; ran: Ran[] }> {
  const documented = new Map(requestsOf(collection.item as CollectionItem[]).map((i) => [i.id, (i.response ?? []).map((r) => r.code)]));
  const ran: Ran[] = [];
  return new Promise((resolve, reject) => {
    newman
      .run(
        {
          collection: collection as unknown as NewmanRunOptions['collection'],
          envVar: Object.entries(variables).map(([key, value]) => ({ key, value })),
          reporters: [],
          timeoutRequest: 10_000,
        },
        (err, summary) => (err ? reject(err) : resolve({ summary, ran })),
      )
      .on('request', (err, args) => {
        const { id, name } = args.item;
        ran.push({
          id,
          name,
          path: `/${args.request.url.path?.join('/') ?? ''}`,
          documented: documented.get(id) ?? [],
          status: args.response?.code,
          error: err?.message,
        });
      });
  });
}

describe('the Postman collection, run with newman against a live server', function () {
  this.timeout(60_000);
  let live: LiveApp;
  let t: TestApp;
  let key: Key;

  before(async () => {
    // The collection comes from a server whose PUBLIC_URL is not where newman finds it: baseUrl must be a variable.
    live = await startLiveApp({ PUBLIC_URL: 'http://127.0.0.1:3000' });
    t = live.t;
    key = await createKey(t.services, (await createUg(t.services, { codigo: 'POSTMAN' })).id, 'escrita');
  });
  after(() => live?.close());

  it('downloads as a file, with the variables and OAuth 2.0 client credentials at the collection level', async () => {
    const res = await request(t.app)
      .get('/api/postman-collection.json')
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.headers['content-disposition']).to.equal('attachment; filename=cidades-api.postman_collection.json');
    const collection = res.body as PostmanCollection;
    expect(collection.info.schema).to.equal('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(collection.variable?.map((v) => v.key)).to.include.members(['baseUrl', 'clientId', 'clientSecret']);
    expect(collection.variable?.find((v) => v.key === 'baseUrl')?.value).to.equal('http://127.0.0.1:3000');
    expect(collection.auth?.type).to.equal('oauth2');
    expect(collection.auth?.oauth2).to.deep.include.members([
      { key: 'grant_type', value: 'client_credentials' },
      { key: 'accessTokenUrl', value: '{{baseUrl}}/oauth/token' },
      { key: 'clientId', value: '{{clientId}}' },
      { key: 'clientSecret', value: '{{clientSecret}}' },
    ]);
  });

  it('runs every request, each getting one of its documented responses, with a token it got itself', async () => {
    const collection = (await request(t.app).get('/api/postman-collection.json').expect(200)).body as PostmanCollection;
    const { summary, ran } = await runNewman(collection, { baseUrl: live.baseUrl, clientId: key.clientId, clientSecret: key.clientSecret });
    expect(summary.run.failures.map((f) => f.error.message)).to.deep.equal([]);
    // The collection's script asks for a token once (pm.sendRequest), then every request of the collection runs.
    const token = ran.filter((r) => r.path === '/oauth/token');
    expect(token.map((r) => r.status)).to.deep.equal([200]);
    const operations = ran.filter((r) => r.path !== '/oauth/token');
    expect(operations.map((r) => r.id)).to.have.members(requestsOf(collection.item as CollectionItem[]).map((i) => i.id));
    for (const r of operations) {
      expect(r.error, r.name).to.equal(undefined);
      expect(r.documented, `${r.name}: ${String(r.status)}`).to.include(r.status);
      expect(r.status, `${r.name}: the collection's token was refused`).not.to.equal(401);
    }
  });
});
