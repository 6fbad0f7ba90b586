import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { ApiRoutes, defineOperation } from '../../app/api/api-routes.ts';
import { apiSchemas, OpenApiRegistry } from '../../app/api/openapi.ts';
import { CursorCodec } from '../../app/api/pagination.ts';
import { idParam } from '../../app/api/params.ts';
import { apiNotFound, createProblemHandler } from '../../app/api/problem.ts';
import { isDatabaseUnavailable } from '../../app/db/errors.ts';
import { jsonBody } from '../../app/api/request-input.ts';
import { cpfField } from '../../app/documents/document-fields.ts';
import { problem, unknownParameterProblem, validationProblem } from '../support/problems.ts';
import { withTenant } from '../support/api.ts';

const echoSchema = z
  .object({ id: z.number().meta({ description: 'Id.' }), body: z.unknown().meta({ description: 'O corpo recebido.' }) })
  .register(apiSchemas, { id: 'TesteEco' });

/** A write operation of the shape contratações will have: path id, a query flag, a nested body. */
const putThing = defineOperation({
  method: 'put',
  path: '/coisas/{id}',
  operationId: 'putCoisa',
  summary: 'Grava uma coisa',
  description: 'Operação de teste.',
  tags: ['Teste'],
  scope: 'escrita',
  params: z.object({ id: idParam('Id da coisa.') }),
  query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
  body: z.object({
    objeto: z.string({ error: 'Informe o objeto.' }).min(1, 'Informe o objeto.'),
    fornecedor: z.object({ cpf: cpfField }),
  }),
  example: { objeto: 'Uma coisa', fornecedor: { cpf: '529.982.247-25' } },
  response: { status: 200, description: 'A coisa.', schema: echoSchema },
  errors: ['CONFLICT'],
});

const deleteThing = defineOperation({
  method: 'delete',
  path: '/coisas/{id}',
  operationId: 'deleteCoisa',
  summary: 'Exclui uma coisa',
  description: 'Operação de teste.',
  tags: ['Teste'],
  scope: 'escrita',
  params: z.object({ id: idParam('Id da coisa.') }),
  response: { status: 204, description: 'Excluída.' },
});

function apiWith(scopes: string[]) {
  const registry = new OpenApiRegistry();
  const routes = new ApiRoutes(registry, '/v1', new CursorCodec('segredo-de-teste'));
  routes.add(putThing, ({ params, body }) => ({ id: params.id, body }));
  routes.add(deleteThing, ({ params, res }) => {
    // A handler may answer on its own, as a conditional request would.
    if (params.id === 304) res.status(304).end();
  });
  const app = express();
  app.use(withTenant(scopes));
  app.use('/v1', jsonBody, routes.router);
  app.use(apiNotFound);
  app.use(createProblemHandler(pino({ level: 'silent' }), { absorbs: isDatabaseUnavailable }));
  return { app, registry };
}

const valid = { objeto: 'Merenda escolar', fornecedor: { cpf: '529.982.247-25' } };

describe('API operations: validation from the declared schemas', () => {
  const { app, registry } = apiWith(['leitura', 'escrita']);
  // The registry is shared by the process: other documents built in this run must not list the test's schema.
  after(() => apiSchemas.remove(echoSchema));
  const put = (path = '/v1/coisas/7') => request(app).put(path);

  it('hands the handler the parsed path, query and body', async () => {
    const res = await put().send(valid).expect(200);
    expect(res.body).to.deep.equal({ id: 7, body: { objeto: 'Merenda escolar', fornecedor: { cpf: '52998224725' } } });
  });

  it('answers 204 without a body for an operation without a response schema, or what the handler sent itself', async () => {
    const res = await request(app).delete('/v1/coisas/7').expect(204);
    expect(res.text).to.equal('');
    await request(app).delete('/v1/coisas/304').expect(304);
  });

  it('checks the scope before reading the input', async () => {
    const res = await request(apiWith(['leitura']).app)
      .put('/v1/coisas/x')
      .send('{')
      .expect(403);
    expect(res.body).to.include({ code: 'INSUFFICIENT_SCOPE' });
  });

  it('answers every bad body field at once with 422, by path', async () => {
    const res = await put()
      .send({ fornecedor: { cpf: '111.111.111-11' } })
      .expect(422);
    expect(res.body).to.deep.equal(
      validationProblem([
        { field: 'objeto', message: 'Informe o objeto.' },
        { field: 'fornecedor.cpf', message: 'CPF inválido: confira os dígitos verificadores.' },
      ]),
    );
  });

  it('answers a missing body, or a JSON that is not an object, with 422', async () => {
    const missing = await put().expect(422);
    expect(missing.body.errors).to.deep.equal([{ field: 'body', message: 'Envie o corpo da requisição em JSON.' }]);
    const array = await put().type('json').send('[1]').expect(422);
    expect(array.body.errors).to.deep.equal([{ field: 'body', message: 'Entrada inválida: esperava um objeto, recebeu um vetor' }]);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    for (const text of ['{"objeto":', '"texto"', 'nulo']) {
      const res = await put()
        .type('json')
        .send(text)
        .expect(400)
        .expect('Content-Type', /application\/problem\+json/);
      expect(res.body, text).to.deep.equal(
        problem(400, 'Requisição inválida', 'MALFORMED_JSON', 'O corpo da requisição não é um JSON válido.'),
      );
    }
  });

  it('answers a body of another type or charset with 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const expected = problem(
      415,
      'Tipo de conteúdo não suportado',
      'UNSUPPORTED_MEDIA_TYPE',
      'Envie o corpo como JSON (Content-Type: application/json, em UTF-8).',
    );
    expect((await put().type('form').send('objeto=x').expect(415)).body).to.deep.equal(expected);
    expect((await put().set('Content-Type', 'text/plain').send(JSON.stringify(valid)).expect(415)).body).to.deep.equal(expected);
    expect(
      (await put().set('Content-Type', 'application/json; charset=latin1').send(JSON.stringify(valid)).expect(415)).body,
    ).to.deep.equal(expected);
  });

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE, and accepts one just under', async () => {
    const big = JSON.stringify({ ...valid, objeto: 'x'.repeat(1024 * 1024) });
    const res = await put().type('json').send(big).expect(413);
    expect(res.body).to.deep.equal(
      problem(413, 'Corpo grande demais', 'PAYLOAD_TOO_LARGE', 'O corpo da requisição passa do limite de 1 MiB.'),
    );
    const fits = JSON.stringify({ ...valid, objeto: 'x'.repeat(1024 * 1024 - 100) });
    await put().type('json').send(fits).expect(200);
  });

  it('answers an unknown or repeated query parameter with 400 or 422, and a malformed id with 404', async () => {
    const unknown = await put('/v1/coisas/7?dryrun=true').send(valid).expect(400);
    expect(unknown.body).to.deep.equal(unknownParameterProblem(['dryrun']));
    const repeated = await put('/v1/coisas/7?dryRun=true&dryRun=false').send(valid).expect(422);
    expect(repeated.body.errors[0].field).to.equal('dryRun');
    const malformed = await put('/v1/coisas/sete').send(valid).expect(404);
    expect(malformed.body).to.deep.equal(problem(404, 'Não encontrado', 'NOT_FOUND', 'Recurso não encontrado.'));
  });

  it('documents the same schemas: parameters, request body, and every implied error with an example', () => {
    const doc = registry.document({ publicUrl: 'http://x', version: '1' }) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const op = doc.paths['/v1/coisas/{id}']?.put as {
      parameters: unknown[];
      requestBody: unknown;
      responses: Record<string, { content?: Record<string, { examples: object }>; headers?: object }>;
    };
    expect(op.parameters).to.deep.equal([
      {
        name: 'id',
        in: 'path',
        required: true,
        description: 'Id da coisa.',
        schema: { type: 'integer', minimum: 1, maximum: 2147483647, example: 12 },
      },
      { name: 'dryRun', in: 'query', required: false, description: undefined, schema: { type: 'string', enum: ['true', 'false'] } },
    ]);
    const body = (op.requestBody as { content: { 'application/json': { schema: { required: string[]; properties: object } } } }).content[
      'application/json'
    ].schema;
    expect(body.required).to.deep.equal(['objeto', 'fornecedor']);
    expect(Object.keys(op.responses)).to.deep.equal(['200', '400', '401', '403', '404', '409', '413', '415', '422', '500', '503']);
    expect(op.responses['503']?.headers).to.have.keys('Retry-After');
    expect(Object.keys(op.responses['400']?.content?.['application/problem+json']?.examples ?? {})).to.deep.equal([
      'UNKNOWN_PARAMETER',
      'MALFORMED_JSON',
    ]);
    expect(op.responses['415']?.content?.['application/problem+json']?.examples).to.deep.equal({
      UNSUPPORTED_MEDIA_TYPE: {
        summary: 'UNSUPPORTED_MEDIA_TYPE',
        value: problem(
          415,
          'Tipo de conteúdo não suportado',
          'UNSUPPORTED_MEDIA_TYPE',
          'Envie o corpo como JSON (Content-Type: application/json, em UTF-8).',
        ),
      },
    });
  });
});
