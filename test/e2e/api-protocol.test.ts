import { expect } from 'chai';
import request from 'supertest';
import { apiCall } from '../support/api.ts';
import { problem } from '../support/problems.ts';
import { createTenancyTest, tokenFor, type TenancyTest } from '../support/tenancy.ts';

describe('/api protocol: methods, charsets and cursors', () => {
  let s: TenancyTest;
  let token: string;
  before(async () => {
    s = await createTenancyTest();
    token = await tokenFor(s.t.app, s.t.services, s.w.agr.id, 'escrita');
  });
  after(() => s.t.close());

  describe('a method the path does not declare', () => {
    const notAllowed = problem(
      405,
      'Método não permitido',
      'METHOD_NOT_ALLOWED',
      'Este método não é aceito neste endereço: veja o cabeçalho Allow.',
    );

    it('answers 405 problem+json with Allow listing the methods the path declares', async () => {
      const cases = [
        { method: 'delete', path: '/v1/me', allow: 'GET, HEAD, OPTIONS' },
        { method: 'put', path: '/v1/contratacoes', allow: 'GET, HEAD, POST, OPTIONS' },
        { method: 'post', path: `/v1/contratacoes/1`, allow: 'GET, HEAD, PUT, PATCH, DELETE, OPTIONS' },
        { method: 'patch', path: `/v1/unidades-gestoras/${s.w.own.id}/responsaveis`, allow: 'GET, HEAD, OPTIONS' },
      ] as const;
      for (const { method, path, allow } of cases) {
        const res = await apiCall(s.t.app, token, method, path);
        expect(res.status, `${method} ${path} → ${res.text}`).to.equal(405);
        expect(res.headers['content-type'], path).to.match(/^application\/problem\+json/);
        expect(res.headers.allow, path).to.equal(allow);
        expect(res.body, path).to.deep.equal(notAllowed);
      }
    });

    it('answers OPTIONS with 204 and Allow, and HEAD where GET is declared', async () => {
      const options = await request(s.t.app).options('/api/v1/contratacoes').set('Authorization', `Bearer ${token}`).expect(204);
      expect(options.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
      await request(s.t.app).head('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    });

    it('keeps 404 for a path that does not exist, whatever the method', async () => {
      for (const method of ['get', 'delete'] as const) {
        const res = await apiCall(s.t.app, token, method, '/v1/nao-existe').expect(404);
        expect(res.body.code).to.equal('NOT_FOUND');
        expect(res.headers.allow).to.equal(undefined);
      }
    });
  });

  describe('a JSON body in a charset other than UTF-8', () => {
    const unsupported = problem(
      415,
      'Tipo de conteúdo não suportado',
      'UNSUPPORTED_MEDIA_TYPE',
      'Envie o corpo como JSON (Content-Type: application/json, em UTF-8).',
    );
    const post = (contentType: string, body: Buffer) =>
      request(s.t.app).post('/api/v1/contratacoes').set('Authorization', `Bearer ${token}`).set('Content-Type', contentType).send(body);

    it('answers 415 for UTF-16LE and Latin-1 bodies, in any case of the charset name', async () => {
      const json = '{"objeto":"Aquisição de café"}';
      for (const [contentType, body] of [
        ['application/json; charset=utf-16le', Buffer.from(json, 'utf16le')],
        ['application/json; charset=UTF-16LE', Buffer.from(json, 'utf16le')],
        ['application/json; charset=latin1', Buffer.from(json, 'latin1')],
        ['application/json; charset=ISO-8859-1', Buffer.from(json, 'latin1')],
      ] as const) {
        const res = await post(contentType, body);
        expect(res.status, `${contentType} → ${res.text}`).to.equal(415);
        expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
        expect(res.body).to.deep.equal(unsupported);
      }
    });

    it('reads utf-8 in any case, or no charset at all, as UTF-8', async () => {
      for (const contentType of ['application/json; charset=UTF-8', 'application/json; charset="utf-8"', 'application/json']) {
        const res = await post(contentType, Buffer.from('{}'));
        expect(res.status, `${contentType} → ${res.text}`).to.equal(422);
        expect(res.body.code).to.equal('VALIDATION_FAILED');
      }
    });
  });
});
