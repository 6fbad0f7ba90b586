import { expect } from 'chai';
import type { PostmanCollection } from '../../app/api/postman-collection.ts';
import { createPostmanCollection } from '../support/postman-collection.ts';

const security = [{ clientCredentials: ['escrita'] }];
const problem = { description: 'erro', content: { 'application/problem+json': { schema: { type: 'object' } } } };

/** Operations with a path parameter, a query parameter and a request body, as the data endpoints have. */
const document = {
  openapi: '3.1.0',
  info: { title: 'API do CidadES', version: '1.0.0' },
  servers: [{ url: 'https://cidades.exemplo.gov.br/api' }],
  paths: {
    '/v1/itens/{id}': {
      get: {
        operationId: 'getItem',
        summary: 'Um item',
        tags: ['Itens'],
        security,
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', example: 12 } }],
        responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } }, 404: problem },
      },
    },
    '/v1/itens': {
      post: {
        operationId: 'createItem',
        summary: 'Cria um item',
        tags: ['Itens'],
        security,
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', properties: { nome: { type: 'string', example: 'Item' } } } } },
        },
        responses: { 201: { description: 'criado', content: { 'application/json': { schema: { type: 'object' } } } }, 422: problem },
      },
    },
  },
  components: {
    securitySchemes: {
      clientCredentials: {
        type: 'oauth2',
        flows: { clientCredentials: { tokenUrl: 'https://cidades.exemplo.gov.br/oauth/token', scopes: { escrita: 'e' } } },
      },
    },
  },
};

interface Request {
  method: string;
  url: { host: string[]; path: string[]; variable?: Array<{ key: string; value: string }> };
  auth?: unknown;
  body?: { raw?: string };
}

function requests(collection: PostmanCollection): Request[] {
  const walk = (items: Array<{ item?: unknown[]; request?: unknown }>): Request[] =>
    items.flatMap((i) => (i.item ? walk(i.item as typeof items) : [i.request as Request]));
  return walk(collection.item as Array<{ item?: unknown[]; request?: unknown }>);
}

describe('the Postman collection generated from an OpenAPI document', () => {
  let collection: PostmanCollection;

  before(async () => {
    collection = await createPostmanCollection(document, 'https://cidades.exemplo.gov.br');
  });

  it('puts every request under {{baseUrl}}/api, with its path variables and body, inheriting the collection auth', () => {
    const [get, post] = [requests(collection).find((r) => r.method === 'GET'), requests(collection).find((r) => r.method === 'POST')];
    expect(get?.url.host).to.deep.equal(['{{baseUrl}}']);
    expect(get?.url.path).to.deep.equal(['api', 'v1', 'itens', ':id']);
    expect(get?.url.variable?.find((v) => v.key === 'id')?.value).to.equal('12');
    expect(post?.url.path).to.deep.equal(['api', 'v1', 'itens']);
    expect(JSON.parse(post?.body?.raw ?? '{}')).to.deep.equal({ nome: 'Item' });
    for (const r of requests(collection)) expect(r.auth, `${r.method} ${r.url.path.join('/')}`).to.equal(undefined);
  });

  it('has baseUrl as the site address, and gets the token from {{baseUrl}}/oauth/token in its script', () => {
    expect(collection.variable?.find((v) => v.key === 'baseUrl')?.value).to.equal('https://cidades.exemplo.gov.br');
    const script = collection.event?.find((e) => e.listen === 'prerequest')?.script.exec.join('\n') ?? '';
    expect(script).to.include("pm.variables.replaceIn('{{baseUrl}}/oauth/token')").and.include("pm.variables.get('clientSecret')");
  });
});
