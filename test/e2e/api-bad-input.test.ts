import { expect } from 'chai';
import request from 'supertest';
import { problem } from '../support/problems.ts';
import { apiCall } from '../support/api.ts';
import { tokenFor, createTenancyTest, type TenancyTest } from '../support/tenancy.ts';

describe('/api bad input: a stable 4xx problem, never a 500', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  let token: string;

  before(async () => {
    token = await tokenFor(s.t.app, s.t.services, s.w.own.id, 'escrita');
  });

  it('answers odd paths and queries on every endpoint with 400, 404 or 422 problem+json', async () => {
    const paths = [
      '/v1/me',
      '/v1/unidades-gestoras',
      `/v1/unidades-gestoras/${s.w.own.id}`,
      `/v1/unidades-gestoras/${s.w.own.id}/responsaveis`,
    ];
    const oddQueries = [
      '?limit[]=1',
      '?limit=1&limit=2',
      '?cursor=a&cursor=b',
      '?__proto__=1',
      '?constructor=x',
      '?codigo=' + 'x'.repeat(5000),
      '?limit=1e3',
      '?limit=%00',
      '?somenteAtuais',
    ];
    const oddIds = ['%ZZ', '1%00', '-0', '00001x', '9'.repeat(400), "1'%20or%20'1'='1", '..%2F..%2Fetc'];
    const requests = [
      ...paths.flatMap((path) => oddQueries.map((query) => `${path}${query}`)),
      ...oddIds.flatMap((id) => [`/v1/unidades-gestoras/${id}`, `/v1/unidades-gestoras/${id}/responsaveis`]),
    ];
    for (const url of requests) {
      const res = await apiCall(s.t.app, token, 'get', url);
      expect([400, 404, 422], `${url} → ${res.status} ${res.text}`).to.include(res.status);
      expect(res.headers['content-type'], url).to.match(/application\/problem\+json/);
      expect(res.body.code, url).to.be.a('string');
    }
  });

  it('reads request bodies only behind authentication, and answers malformed or oversized JSON with 400 and 413', async () => {
    const post = () => request(s.t.app).post('/api/v1/unidades-gestoras').set('Authorization', `Bearer ${token}`).type('json');
    const anonymous = await request(s.t.app).post('/api/v1/unidades-gestoras').type('json').send('{').expect(401);
    expect(anonymous.body.code).to.equal('INVALID_TOKEN');
    expect((await post().send('{"a":').expect(400)).body).to.deep.equal(
      problem(400, 'Requisição inválida', 'MALFORMED_JSON', 'O corpo da requisição não é um JSON válido.'),
    );
    const big = await post()
      .send(JSON.stringify({ a: 'x'.repeat(1024 * 1024) }))
      .expect(413);
    expect(big.body).to.deep.equal(
      problem(413, 'Corpo grande demais', 'PAYLOAD_TOO_LARGE', 'O corpo da requisição passa do limite de 1 MiB.'),
    );
  });
});
