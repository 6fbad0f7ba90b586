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
    expect(doc.components.schemas.Me.required).to.include.members([
      'clientId',
      'unidadeGestora',
      'unidadesGestorasVisiveis',
      'scopes',
      'expiresAt',
    ]);
    expect(doc.components.schemas.Me.properties.unidadeGestora).to.deep.include({ $ref: '#/components/schemas/UnidadeGestoraRef' });
    expect(doc.components.schemas.Problem.required).to.include.members(['type', 'title', 'status', 'detail', 'code']);
  });

  it('documents the unidades gestoras and responsáveis operations with their parameters, list envelopes and errors', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).to.include.members([
      '/v1/me',
      '/v1/unidades-gestoras',
      '/v1/unidades-gestoras/{id}',
      '/v1/unidades-gestoras/{id}/responsaveis',
    ]);
    const list = doc.paths['/v1/unidades-gestoras'].get;
    expect(list.security).to.deep.equal([{ clientCredentials: ['leitura'] }]);
    expect(list.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).to.deep.equal([
      'query:codigo',
      'query:agregadoraId',
      'query:limit',
      'query:cursor',
    ]);
    expect(Object.keys(list.responses)).to.deep.equal(['200', '400', '401', '403', '422', '500', '503']);
    expect(list.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/UnidadeGestoraLista' });
    expect(doc.components.schemas.UnidadeGestoraLista.required).to.deep.equal(['items', 'totalCount', 'totalCountExact', 'nextCursor']);
    expect(doc.components.schemas.UnidadeGestoraLista.properties.items.items).to.deep.equal({
      $ref: '#/components/schemas/UnidadeGestora',
    });
    const responsaveis = doc.paths['/v1/unidades-gestoras/{id}/responsaveis'].get;
    expect(responsaveis.parameters[0]).to.deep.include({ name: 'id', in: 'path', required: true });
    expect(Object.keys(responsaveis.responses)).to.deep.equal(['200', '400', '401', '403', '404', '422', '500', '503']);
    expect(responsaveis.responses['404'].content['application/problem+json'].examples.NOT_FOUND.value).to.deep.include({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(doc.components.schemas.Problem.properties.errors.items.required).to.deep.equal(['field', 'message']);
  });

  it('documents the contratações writes: headers read and set, 304, and each rule’s error code', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const item = doc.paths['/v1/contratacoes/{id}'];
    expect(Object.keys(item)).to.deep.equal(['get', 'put', 'patch', 'delete']);
    expect(item.get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).to.deep.equal([
      'path:id',
      'header:If-None-Match',
    ]);
    expect(item.get.responses['304']).to.deep.equal({
      description: 'Não modificado: a ETag enviada em If-None-Match é a atual; use a cópia que já tem.',
    });
    expect(Object.keys(item.get.responses['200'].headers)).to.deep.equal(['ETag']);
    expect(item.put.security).to.deep.equal([{ clientCredentials: ['escrita'] }]);
    expect(item.put.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).to.deep.equal(['path:id', 'header:If-Match']);
    expect(Object.keys(item.put.responses['409'].content['application/problem+json'].examples)).to.deep.equal([
      'CONFLICT',
      'CONTRATACAO_HOMOLOGADA',
    ]);
    expect(Object.keys(item.patch.responses['403'].content['application/problem+json'].examples)).to.deep.equal([
      'INSUFFICIENT_SCOPE',
      'FORBIDDEN',
    ]);
    expect(item.delete.responses['412'].content['application/problem+json'].examples.PRECONDITION_FAILED.value).to.deep.include({
      status: 412,
      code: 'PRECONDITION_FAILED',
    });
    expect(Object.keys(item.delete.responses)).to.deep.equal(['204', '400', '401', '403', '404', '409', '412', '422', '500', '503']);
    const create = doc.paths['/v1/contratacoes'].post;
    expect(create.parameters).to.deep.include({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: create.parameters[0].description,
      schema: create.parameters[0].schema,
    });
    expect(Object.keys(create.responses['201'].headers)).to.deep.equal(['ETag', 'Location', 'Idempotent-Replayed']);
    expect(Object.keys(create.responses['422'].content['application/problem+json'].examples)).to.deep.equal([
      'VALIDATION_FAILED',
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    expect(create.requestBody.content['application/json'].schema.required).to.include.members([
      'numeroProcesso',
      'ano',
      'nllc',
      'modalidade',
      'fase',
      'objeto',
    ]);
    expect(Object.keys(doc.paths)).to.include.members([
      '/v1/remessas',
      '/v1/remessas/{id}',
      '/v1/atos-pessoal/admissoes',
      '/v1/atos-pessoal/admissoes/{id}',
      '/v1/atos-pessoal/concessoes',
      '/v1/atos-pessoal/concessoes/{id}',
    ]);
  });
});
