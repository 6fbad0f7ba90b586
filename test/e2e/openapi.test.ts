import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('GET /api/openapi.json', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it('documents every operation with its response schema and its errors', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).to.equal('3.1.0');
    expect(doc.servers).to.deep.equal([{ url: 'http://127.0.0.1:3000/api' }]);
    expect(doc.components.securitySchemes.clientCredentials.flows.clientCredentials.tokenUrl).to.equal('http://127.0.0.1:3000/oauth/token');
    const me = doc.paths['/v1/me'].get;
    expect(me.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/Me' });
    expect(me.responses['401'].content['application/problem+json'].schema).to.deep.equal({ $ref: '#/components/schemas/Problem' });
    expect(me.responses['401'].description).to.include('INVALID_TOKEN');
    expect(doc.components.schemas.Me.required).to.include.members(['clientId', 'unidadeGestora', 'unidadesGestorasVisiveis', 'scopes', 'expiresAt']);
    expect(doc.components.schemas.Me.properties.unidadeGestora).to.deep.include({ $ref: '#/components/schemas/UnidadeGestoraRef' });
    expect(doc.components.schemas.Problem.required).to.include.members(['type', 'title', 'status', 'detail', 'code']);
  });
});
