import { expect } from 'chai';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import express from 'express';
import request from 'supertest';
import { Contract, type ApiExchange, type OpenApiDocument } from '../support/contract.ts';
import { ContractLog, suiteContractLog, withContractCheck } from '../support/contract-recorder.ts';

const problemJson = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** A small document in the shape app/api/openapi.ts writes, with a response by $ref as other generators do. */
const document: OpenApiDocument = {
  openapi: '3.1.0',
  servers: [{ url: 'http://127.0.0.1:3000/api' }],
  paths: {
    '/v1/itens/{id}': {
      get: {
        responses: {
          200: { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
          404: { $ref: '#/components/responses/NotFound' },
        },
      },
      delete: { responses: { 204: { description: 'excluído' } } },
    },
    '/v1/itens/resumo': {
      get: { responses: { 200: { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } } },
    },
  },
  components: {
    schemas: {
      Item: {
        type: 'object',
        properties: { id: { type: 'integer' }, criadoEm: { type: 'string', format: 'date-time' } },
        required: ['id'],
        additionalProperties: false,
      },
      Problem: { type: 'object', properties: { status: { type: 'integer' }, code: { type: 'string' } }, required: ['status', 'code'] },
    },
    responses: { NotFound: { description: 'não encontrado', content: problemJson } },
  },
};

function exchange(
  method: string,
  url: string,
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): ApiExchange {
  return {
    method,
    url,
    status,
    contentType: body === undefined ? undefined : contentType,
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

describe('the contract check: responses against the OpenAPI document', () => {
  const contract = new Contract(document);

  it('accepts documented responses, by path template, by $ref, with or without a body', () => {
    expect(contract.check(exchange('GET', '/api/v1/itens/7?x=1', 200, { id: 7, criadoEm: '2026-11-24T10:00:00.000Z' }))).to.deep.equal([]);
    expect(contract.check(exchange('GET', '/api/v1/itens/resumo', 200, { total: 1 }))).to.deep.equal([]);
    expect(
      contract.check(exchange('GET', '/api/v1/itens/8', 404, { status: 404, code: 'NOT_FOUND' }, 'application/problem+json')),
    ).to.deep.equal([]);
    expect(contract.check(exchange('DELETE', '/api/v1/itens/8', 204, undefined))).to.deep.equal([]);
  });

  it('names an undocumented status, a wrong media type, a body off its schema, and an unexpected body', () => {
    expect(contract.check(exchange('GET', '/api/v1/itens/7', 500, { status: 500, code: 'X' }, 'application/problem+json'))).to.deep.equal([
      'status 500 is not documented for GET /v1/itens/{id} (documented: 200, 404)',
    ]);
    expect(contract.check(exchange('GET', '/api/v1/itens/7', 200, { id: 7 }, 'text/html'))).to.deep.equal([
      'GET /v1/itens/{id} 200: content type "text/html" is not one of application/json',
    ]);
    expect(contract.check(exchange('GET', '/api/v1/itens/7', 200, { id: '7', criadoEm: 'ontem', extra: 1 }))).to.have.members([
      'GET /v1/itens/{id} 200: body/id must be integer {"type":"integer"}',
      'GET /v1/itens/{id} 200: body/criadoEm must match format "date-time" {"format":"date-time"}',
      'GET /v1/itens/{id} 200: body must NOT have additional properties {"additionalProperty":"extra"}',
    ]);
    expect(contract.check(exchange('DELETE', '/api/v1/itens/7', 204, { id: 7 }))).to.deep.equal([
      'DELETE /v1/itens/{id} 204 documents no body, but one was sent',
    ]);
  });

  it('requires a Problem from anything that matches no operation, and refuses a success there', () => {
    expect(
      contract.check(exchange('GET', '/api/v1/nada', 404, { status: 404, code: 'NOT_FOUND' }, 'application/problem+json')),
    ).to.deep.equal([]);
    expect(contract.check(exchange('POST', '/api/v1/itens/7', 404, { erro: 1 }, 'application/problem+json'))).to.deep.equal([
      'body must have required property \'status\' {"missingProperty":"status"}',
      'body must have required property \'code\' {"missingProperty":"code"}',
    ]);
    expect(contract.check(exchange('GET', '/api/v1/nada', 200, {}))).to.deep.equal([
      '200 for a request that matches no documented operation',
    ]);
  });

  it('records every /api response a wrapped app sends, with the test it belongs to', async () => {
    const log = new ContractLog();
    log.currentTest = 'um teste';
    const app = express();
    app.get('/api/openapi.json', (_req, res) => {
      res.json(document);
    });
    app.get('/api/v1/itens/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    const wrapped = await withContractCheck(app, log);
    await request(wrapped).get('/api/v1/itens/3').expect(200);
    await request(wrapped).get('/api/openapi.json').expect(200);
    expect(log.checked).to.equal(1);
    expect(log.violations).to.deep.equal([
      {
        test: 'um teste',
        exchange: 'GET /api/v1/itens/3 → 200',
        problems: ['GET /v1/itens/{id} 200: body/id must be integer {"type":"integer"}'],
      },
    ]);
  });

  it('checks a compressed response as the client reads it, decompressed', async () => {
    const log = new ContractLog();
    const app = express();
    app.get('/api/openapi.json', (_req, res) => {
      res.json(document);
    });
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['br', brotliCompressSync],
    ] as const)
      app.get(`/api/v1/itens/${encoding === 'gzip' ? 1 : 2}`, (_req, res) => {
        res.set({ 'Content-Type': 'application/json', 'Content-Encoding': encoding }).send(compress(JSON.stringify({ id: 'x' })));
      });
    const wrapped = await withContractCheck(app, log);
    await request(wrapped).get('/api/v1/itens/1').expect(200);
    await request(wrapped).get('/api/v1/itens/2').expect(200);
    expect(log.violations.map((v) => v.problems)).to.deep.equal([
      ['GET /v1/itens/{id} 200: body/id must be integer {"type":"integer"}'],
      ['GET /v1/itens/{id} 200: body/id must be integer {"type":"integer"}'],
    ]);
  });

  it('knows, through the root hooks, which test is running', () => {
    expect(suiteContractLog.currentTest).to.equal(
      'the contract check: responses against the OpenAPI document knows, through the root hooks, which test is running',
    );
  });
});
