import { expect } from 'chai';
import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { requireScope } from '../../app/api/tenant.ts';
import { apiNotFound, createProblemHandler } from '../../app/api/problem.ts';
import { isDatabaseUnavailable } from '../../app/db/errors.ts';
import { ConflictError, ValidationError } from '../../app/errors/app-error.ts';
import { withTenant } from '../support/api.ts';

/** A tiny API with the real scope guard and problem handler, and a tenant whose scopes a test chooses. */
function apiWith(scopes: string[]) {
  const app = express();
  app.use(express.json());
  app.use(withTenant(scopes));
  app.get('/le', requireScope('leitura'), (_req, res) => void res.json({ ok: true }));
  app.post('/escreve', requireScope('escrita'), (_req, res) => void res.json({ ok: true }));
  app.post('/valida', () => {
    throw new ValidationError({ objeto: 'Informe o objeto.' });
  });
  app.post('/conflito', () => {
    throw new ConflictError({ numero: 'Já existe.' });
  });
  app.get('/quebra', () => {
    throw new Error('segredo interno');
  });
  app.get('/sem-banco', () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  });
  app.use(apiNotFound);
  app.use(createProblemHandler(pino({ level: 'silent' }), { absorbs: isDatabaseUnavailable }));
  return app;
}

describe('API scope guard and problem+json errors', () => {
  it('answers the database away with 503 DATABASE_UNAVAILABLE and Retry-After, not an unexpected error', async () => {
    const res = await request(apiWith([]))
      .get('/sem-banco')
      .expect(503)
      .expect('Content-Type', /application\/problem\+json/)
      .expect('Retry-After', '5');
    expect(res.body).to.deep.equal({
      type: 'about:blank',
      title: 'Serviço temporariamente indisponível',
      status: 503,
      detail: 'Serviço temporariamente indisponível. Tente novamente em instantes.',
      code: 'DATABASE_UNAVAILABLE',
    });
  });

  it('lets escrita imply leitura, and refuses a missing scope with 403 insufficient_scope', async () => {
    await request(apiWith(['leitura']))
      .get('/le')
      .expect(200);
    await request(apiWith(['escrita']))
      .get('/le')
      .expect(200);
    const res = await request(apiWith(['leitura']))
      .post('/escreve')
      .expect(403)
      .expect('Content-Type', /application\/problem\+json/);
    expect(res.headers['www-authenticate']).to.equal('Bearer error="insufficient_scope", scope="escrita"');
    expect(res.body).to.deep.equal({
      type: 'about:blank',
      title: 'Acesso negado',
      status: 403,
      detail: 'Esta operação exige o escopo "escrita".',
      code: 'INSUFFICIENT_SCOPE',
    });
  });

  it('answers validation and conflict errors with per-field messages', async () => {
    const invalid = await request(apiWith([])).post('/valida').expect(422);
    expect(invalid.body).to.deep.equal({
      type: 'about:blank',
      title: 'Dados inválidos',
      status: 422,
      detail: 'Verifique os campos destacados.',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'objeto', message: 'Informe o objeto.' }],
    });
    const conflict = await request(apiWith([])).post('/conflito').expect(409);
    expect(conflict.body).to.include({ code: 'CONFLICT' });
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await request(apiWith([])).post('/valida').set('Content-Type', 'application/json').send('{"a":').expect(400);
    expect(res.body).to.include({ code: 'MALFORMED_JSON', status: 400 });
  });

  it('hides unexpected errors behind 500 INTERNAL_ERROR', async () => {
    const res = await request(apiWith([])).get('/quebra').expect(500);
    expect(res.body).to.include({ code: 'INTERNAL_ERROR', status: 500 });
    expect(JSON.stringify(res.body)).not.to.include('segredo interno');
  });

  it('answers unknown paths with 404 NOT_FOUND', async () => {
    const res = await request(apiWith([])).get('/nada').expect(404);
    expect(res.body).to.deep.equal({
      type: 'about:blank',
      title: 'Não encontrado',
      status: 404,
      detail: 'Recurso não encontrado.',
      code: 'NOT_FOUND',
    });
  });
});
