import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, tokenRequest } from '../support/oauth.ts';

describe('GET /api/docs: Swagger UI from the npm package', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('serves the page, pointing at the OpenAPI document, with its init script as a file', async () => {
    const res = await request(t.app)
      .get('/api/docs')
      .expect(200)
      .expect('Content-Type', /^text\/html/);
    expect(res.text).to.include('data-openapi-url="/api/openapi.json"');
    const scripts = [...res.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    // portal.js: the accessibility bar's high-contrast toggle, at once, as on the portal's pages.
    expect(scripts).to.have.length(3);
    expect(scripts[0]).to.match(/^\/api\/docs\/assets\/swagger-ui-bundle\.js\?v=\d+\.\d+\.\d+$/);
    expect(scripts[1]).to.match(/^\/public\/js\/api-docs\.js\?v=[0-9a-f]{10}$/);
    expect(scripts[2]).to.match(/^\/public\/js\/portal\.js\?v=[0-9a-f]{10}$/);
    expect(res.text).not.to.match(/<script(?![^>]*\bsrc=)/);
    expect(res.text).not.to.match(/https?:\/\//);
  });

  it('keeps the strict Content-Security-Policy of every page (the browser test shows none is violated)', async () => {
    const csp = (await request(t.app).get('/api/docs').expect(200)).headers['content-security-policy'];
    expect(csp).to.include("script-src 'self';").and.include("style-src 'self';").and.not.include('unsafe');
  });

  it('serves the assets and the init script with their content types, and nothing else of the package', async () => {
    const assets: Record<string, RegExp> = {
      '/api/docs/assets/swagger-ui-bundle.js': /javascript/,
      '/api/docs/assets/swagger-ui.css': /^text\/css/,
      '/api/docs/assets/favicon-32x32.png': /^image\/png/,
      '/public/js/api-docs.js': /javascript/,
      '/public/css/api-docs.css': /^text\/css/,
    };
    for (const [url, type] of Object.entries(assets)) {
      const res = await request(t.app).get(url).expect(200);
      expect(res.headers['content-type'], url).to.match(type);
    }
    for (const url of ['/api/docs/assets/index.html', '/api/docs/assets/swagger-initializer.js', '/api/docs/assets/..%2Fpackage.json']) {
      await request(t.app)
        .get(url)
        .expect(404)
        .expect('Content-Type', /application\/problem\+json/);
    }
  });

  it("accepts Authorize's token request from the docs page's origin, and refuses other sites' pages", async () => {
    const key = await createKey(t.services, (await createUg(t.services)).id);
    const own = await tokenRequest(t.app, key).set('Origin', 'http://127.0.0.1:3000').expect(200);
    expect(own.headers['access-control-allow-origin']).to.equal('http://127.0.0.1:3000');
    const other = await tokenRequest(t.app, key).set('Origin', 'https://outro-site.example').expect(400);
    expect(other.body).to.deep.equal({
      error: 'invalid_request',
      error_description: `origin https://outro-site.example not allowed for client: ${key.clientId}`,
    });
    expect(other.headers['access-control-allow-origin']).to.equal(undefined);
  });
});
