import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg } from '../support/fixtures.ts';
import { accessToken, createKey, tokenRequest } from '../support/oauth.ts';

const swaggerBundle = path.join(
  path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json')),
  'swagger-ui-bundle.js',
);

describe('compression and the caching of static files', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('compresses what is over 1 kB in br or gzip, as the client accepts, and says it varies by Accept-Encoding', async () => {
    for (const encoding of ['br', 'gzip'] as const) {
      const bundle = await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js').set('Accept-Encoding', encoding).expect(200);
      expect(bundle.headers['content-encoding'], encoding).to.equal(encoding);
      expect(bundle.headers.vary).to.match(/Accept-Encoding/);
      expect(bundle.text, 'the same file once decompressed').to.equal(readFileSync(swaggerBundle, 'utf8'));
      const page = await request(t.app).get('/documentacao-api').set('Accept-Encoding', encoding).expect(200);
      expect(page.headers['content-encoding'], `page ${encoding}`).to.equal(encoding);
      const document = await request(t.app).get('/api/openapi.json').set('Accept-Encoding', encoding).expect(200);
      expect(document.headers['content-encoding'], `document ${encoding}`).to.equal(encoding);
      expect(document.body.openapi).to.equal('3.1.0');
    }
    const plain = await request(t.app).get('/api/openapi.json').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).to.equal(undefined);
  });

  it('leaves small answers as they are: a token, /v1/me', async () => {
    const key = await createKey(t.services, (await createUg(t.services)).id);
    const token = await tokenRequest(t.app, key).set('Accept-Encoding', 'gzip, br').expect(200);
    expect(token.headers['content-encoding']).to.equal(undefined);
    const me = await request(t.app)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${await accessToken(t.app, key)}`)
      .set('Accept-Encoding', 'gzip, br')
      .expect(200);
    expect(Number(me.headers['content-length'])).to.be.below(1024);
    expect(me.headers['content-encoding']).to.equal(undefined);
  });

  it('links the portal’s files with their content hash, cached for a year at that address and an hour at any other', async () => {
    const page = (await request(t.app).get('/login').expect(200)).text;
    const css = /href="(\/public\/css\/portal\.css\?v=([0-9a-f]{10}))"/.exec(page);
    expect(css, 'the stylesheet linked with its hash').not.to.equal(null);
    expect(page).to.match(/src="\/public\/js\/portal\.js\?v=[0-9a-f]{10}"/);
    const hashed = await request(t.app)
      .get(css?.[1] ?? '')
      .expect(200);
    expect(hashed.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    for (const url of ['/public/css/portal.css', '/public/css/portal.css?v=0000000000']) {
      const res = await request(t.app).get(url).expect(200);
      expect(res.headers['cache-control'], url).to.equal('public, max-age=3600');
    }
    const etag = String(hashed.headers.etag ?? '');
    expect(etag).to.match(/^W\/"/);
    await request(t.app)
      .get(css?.[1] ?? '')
      .set('If-None-Match', etag)
      .expect(304);
  });

  it('links Swagger UI’s files with the package version, cached for a year at that address', async () => {
    const page = (await request(t.app).get('/api/docs').expect(200)).text;
    const bundle = /src="(\/api\/docs\/assets\/swagger-ui-bundle\.js\?v=[^"]+)"/.exec(page)?.[1] ?? '';
    const linked = await request(t.app).get(bundle).expect(200);
    expect(linked.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    const bare = await request(t.app).get('/api/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(bare.headers['cache-control']).to.equal('public, max-age=86400');
  });
});
