import { expect } from 'chai';
import net, { type AddressInfo } from 'node:net';
import request from 'supertest';
import { createDrainingServer } from '../../app/draining-server.ts';
import { apiCall } from '../support/api.ts';
import { invalidCursorProblem, problem } from '../support/problems.ts';
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

    it('answers 404 for a documented path with a trailing slash: `/remessas/` is neither the listing nor a record', async () => {
      for (const path of ['/v1/remessas/', '/v1/contratacoes/1/', `/v1/unidades-gestoras/${s.w.own.id}/`]) {
        const res = await apiCall(s.t.app, token, 'get', path).expect(404);
        expect(res.body.code, path).to.equal('NOT_FOUND');
      }
      await apiCall(s.t.app, token, 'get', '/v1/remessas').expect(200);
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

  describe('a cursor', () => {
    const get = (path: string) => apiCall(s.t.app, token, 'get', path);
    let cursor: string;
    before(async () => {
      const first = await get('/v1/unidades-gestoras?limit=1').expect(200);
      cursor = encodeURIComponent(first.body.nextCursor);
    });

    it('continues its own listing with the same filters, and with another limit', async () => {
      const second = await get(`/v1/unidades-gestoras?limit=1&cursor=${cursor}`).expect(200);
      const rest = await get(`/v1/unidades-gestoras?limit=10&cursor=${cursor}`).expect(200);
      expect(rest.body.items[0]).to.deep.equal(second.body.items[0]);
      expect(rest.body.items).to.have.length(3);
    });

    it('is refused by another listing', async () => {
      for (const path of ['/v1/contratacoes', '/v1/remessas', `/v1/unidades-gestoras/${s.w.own.id}/responsaveis`]) {
        const res = await get(`${path}?cursor=${cursor}`);
        expect(res.status, `${path} → ${res.text}`).to.equal(400);
        expect(res.body, path).to.deep.equal(invalidCursorProblem);
      }
    });

    it('is refused with other filters, or without the filters it was issued with', async () => {
      const filtered = await get(`/v1/unidades-gestoras?agregadoraId=${s.w.agr.id}&limit=1`).expect(200);
      const filteredCursor = encodeURIComponent(filtered.body.nextCursor);
      await get(`/v1/unidades-gestoras?agregadoraId=${s.w.agr.id}&cursor=${filteredCursor}`).expect(200);
      for (const path of [
        `/v1/unidades-gestoras?cursor=${filteredCursor}`,
        `/v1/unidades-gestoras?agregadoraId=${s.w.own.id}&cursor=${filteredCursor}`,
        `/v1/unidades-gestoras?agregadoraId=${s.w.agr.id}&cursor=${cursor}`,
      ]) {
        const res = await get(path);
        expect(res.status, `${path} → ${res.text}`).to.equal(400);
        expect(res.body, path).to.deep.equal(invalidCursorProblem);
      }
    });
  });

  describe('what Node’s HTTP parser refuses before any route: answered by the server as a problem', () => {
    let server: ReturnType<typeof createDrainingServer>['server'];
    let port: number;
    before(async () => {
      server = createDrainingServer(s.t.app).server.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => server.close());

    /** What the server answers to these bytes, as it wrote it. */
    const raw = (bytes: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('end', () => resolve(answer));
        socket.on('error', reject);
      });

    it('answers a request head over 16 KiB (a long filter) with 431 REQUEST_HEADERS_TOO_LARGE', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/contratacoes?objeto=${'a'.repeat(20_000)}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status).to.equal(431);
      expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(await res.json()).to.deep.equal(
        problem(
          431,
          'Cabeçalhos grandes demais',
          'REQUEST_HEADERS_TOO_LARGE',
          'O endereço e os cabeçalhos da requisição passam de 16 KB: envie menos filtros, ou mais curtos.',
        ),
      );
    });

    it('answers a malformed request with 400 BAD_REQUEST', async () => {
      const answer = await raw('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
      expect(answer).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer).to.include('Content-Type: application/problem+json');
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).to.deep.include({ status: 400, code: 'BAD_REQUEST' });
    });
  });
});
