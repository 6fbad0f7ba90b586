import { expect } from 'chai';
import type { PostmanCollection, PostmanItem } from '../../app/api/postman-collection.ts';
import { createPostmanCollection, type Flow, type OpenApiPaths } from '../support/postman-collection.ts';

const ok = (example: unknown) => ({ description: 'ok', content: { 'application/json': { example } } });

/** A create-then-read pair, with an optional filter and an optional header, as the data endpoints have. */
const document = {
  paths: {
    '/v1/itens': {
      get: {
        operationId: 'listItens',
        summary: 'Itens',
        tags: ['Itens'],
        parameters: [
          { name: 'nome', in: 'query', required: false, description: 'Filtro.', schema: { example: 'Item' } },
          { name: 'limit', in: 'query', required: false, description: 'Página.', schema: { default: 50 } },
        ],
        responses: { 200: ok({ items: [] }) },
      },
      post: {
        operationId: 'createItem',
        summary: 'Cria um item',
        tags: ['Itens'],
        parameters: [{ name: 'Idempotency-Key', in: 'header', required: false, description: 'Chave.', schema: { example: 'k-1' } }],
        requestBody: { content: { 'application/json': { example: { nome: 'Item', ugId: 12 } } } },
        responses: { 201: ok({ id: 7, nome: 'Item' }), 422: { description: 'erro' } },
      },
    },
    '/v1/itens/{id}': {
      get: {
        operationId: 'getItem',
        summary: 'Um item',
        tags: ['Itens'],
        parameters: [{ name: 'id', in: 'path', required: true, description: 'Id.', schema: { example: 12 } }],
        responses: { 200: ok({ id: 7, nome: 'Item' }) },
      },
    },
  },
} satisfies OpenApiPaths;

const flows: Flow[] = [
  {
    name: 'Pasta',
    description: 'Uma pasta.',
    steps: [
      { operationId: 'createItem', body: { ugId: '{{ugId}}' }, saves: { itemId: 'body.id' } },
      { operationId: 'getItem', path: { id: 'itemId' }, needs: 'itemId' },
      { operationId: 'listItens' },
    ],
  },
];

const requests = (collection: PostmanCollection): PostmanItem[] =>
  collection.item.flatMap((folder) => folder.item ?? []).flatMap((group) => group.item ?? []);
const scriptOf = (item: PostmanItem | undefined, listen: string) => item?.event?.find((e) => e.listen === listen)?.script.exec.join('\n');

describe('the Postman collection generated from an OpenAPI document', () => {
  const collection = createPostmanCollection(document, 'https://cidades.exemplo.gov.br', flows);
  const [create, get, list] = requests(collection);

  it('runs the flow in order, numbered, in a folder per flow and a group per tag', () => {
    expect(collection.item.map((f) => f.name)).to.deep.equal(['Pasta']);
    expect(collection.item[0]?.item?.map((g) => g.name)).to.deep.equal(['Itens']);
    expect(requests(collection).map((r) => r.name)).to.deep.equal(['1. Cria um item', '2. Um item', '3. Itens']);
  });

  it('sends the documented example body, with the fields the flow takes from variables', () => {
    expect(create?.request?.url.raw).to.equal('{{baseUrl}}/api/v1/itens');
    expect(create?.request?.body?.raw).to.equal('{\n  "nome": "Item",\n  "ugId": {{ugId}}\n}');
    expect(create?.request?.header).to.deep.include({ key: 'Content-Type', value: 'application/json' });
    expect(create?.request?.header).to.deep.include({ key: 'Idempotency-Key', value: 'k-1', description: 'Chave.', disabled: true });
  });

  it('keeps what a request created for the next ones, and skips a read when there is nothing to read', () => {
    expect(scriptOf(create, 'test')).to.include("pm.collectionVariables.set('itemId', String(body.id ?? ''));");
    expect(scriptOf(create, 'test')).to.include('pm.expect(pm.response.code).to.be.within(200, 299)');
    expect(get?.request?.url.path).to.deep.equal(['api', 'v1', 'itens', ':id']);
    expect(get?.request?.url.variable).to.deep.equal([{ key: 'id', value: '{{itemId}}', description: 'Id.' }]);
    expect(scriptOf(get, 'prerequest')).to.include("if (!pm.collectionVariables.get('itemId'))").and.include('pm.execution.skipRequest()');
    expect(collection.variable.map((v) => v.key)).to.include('itemId');
  });

  it('lists optional query parameters with their example or default, switched off', () => {
    expect(list?.request?.url.query).to.deep.equal([
      { key: 'nome', value: 'Item', description: 'Filtro.', disabled: true },
      { key: 'limit', value: '50', description: 'Página.', disabled: true },
    ]);
  });

  it('saves the documented success response as the request example', () => {
    expect(create?.response?.map((r) => [r.code, r.status, JSON.parse(r.body)])).to.deep.equal([[201, 'Created', { id: 7, nome: 'Item' }]]);
  });

  it('refuses a document with an operation in no flow, or a flow naming an operation the document lacks', () => {
    expect(() => createPostmanCollection(document, 'https://x', [{ ...flows[0]!, steps: flows[0]!.steps.slice(0, 2) }])).to.throw(
      'operations in no Postman flow: listItens',
    );
    const extra = { ...flows[0]!, steps: [...flows[0]!.steps, { operationId: 'deleteItem' }] };
    expect(() => createPostmanCollection(document, 'https://x', [extra])).to.throw('names deleteItem');
  });

  it('has baseUrl as the site address, and gets the token from {{baseUrl}}/oauth/token in its script', () => {
    expect(collection.variable.find((v) => v.key === 'baseUrl')?.value).to.equal('https://cidades.exemplo.gov.br');
    const script = collection.event.find((e) => e.listen === 'prerequest')?.script.exec.join('\n') ?? '';
    expect(script).to.include("pm.variables.replaceIn('{{baseUrl}}/oauth/token')").and.include("pm.variables.get('clientSecret')");
    for (const r of requests(collection)) expect(r.request, r.name).not.to.have.property('auth');
  });
});
