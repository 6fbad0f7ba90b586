import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { POSTMAN_BASE_URL, POSTMAN_COLLECTION_FILE, type PostmanCollection } from '../../app/api/postman-collection.ts';
import { createTestApp } from '../support/app.ts';
import { generatePostmanCollection } from '../support/postman-collection.ts';

describe('the Postman collection file the server serves', () => {
  it('is the one the current OpenAPI document gives (after a change to the API: npm run postman)', async function () {
    this.timeout(30_000);
    const generated = await generatePostmanCollection();
    const stale = readFileSync(POSTMAN_COLLECTION_FILE, 'utf8') !== generated;
    expect(stale, 'app/api/postman-collection.json is stale: run npm run postman').to.equal(false);
  });

  it('is served with the server PUBLIC_URL as baseUrl, and serving it leaves the OpenAPI document as it was', async () => {
    const t = await createTestApp({ env: { PUBLIC_URL: 'https://tce.exemplo.es.gov.br' } });
    try {
      const before = (await request(t.app).get('/api/openapi.json').expect(200)).text;
      const collection = (await request(t.app).get('/api/postman-collection.json').expect(200)).body as PostmanCollection;
      expect(collection.variable?.find((v) => v.key === 'baseUrl')?.value).to.equal('https://tce.exemplo.es.gov.br');
      expect(JSON.stringify(collection)).not.to.include(POSTMAN_BASE_URL);
      expect((await request(t.app).get('/api/openapi.json').expect(200)).text).to.equal(before);
    } finally {
      await t.close();
    }
  });
});
