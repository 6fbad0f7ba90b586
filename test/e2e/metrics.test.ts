import { expect } from 'chai';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiCall } from '../support/api.ts';
import { createUg } from '../support/fixtures.ts';
import { parseMetrics, sampleValue } from '../support/metrics.ts';
import { accessToken, createKey, tokenRequest } from '../support/oauth.ts';

const METRICS_TOKEN = 'token-de-metricas-com-pelo-menos-32-caracteres';

describe('/metrics', () => {
  describe('without METRICS_TOKEN', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp();
    });
    after(() => t.close());

    it('does not exist: 404, whatever the token presented, and no session is made', async () => {
      for (const auth of [undefined, `Bearer ${METRICS_TOKEN}`]) {
        const req = request(t.app).get('/metrics');
        const res = await (auth ? req.set('Authorization', auth) : req).expect(404).expect('Content-Type', /^application\/problem\+json/);
        expect(res.headers['set-cookie']).to.equal(undefined);
      }
    });
  });

  describe('with METRICS_TOKEN', () => {
    let t: TestApp;
    const scrape = async () => {
      const res = await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      expect(res.headers['cache-control']).to.equal('no-store');
      return parseMetrics(res.text);
    };
    before(async () => {
      t = await createTestApp({ env: { METRICS_TOKEN } });
    });
    after(() => t.close());

    it('refuses a scraper without the token, or with another one, 401 with WWW-Authenticate', async () => {
      const others = [
        undefined,
        'Bearer',
        `Bearer ${METRICS_TOKEN.slice(0, -1)}x`,
        `Bearer ${METRICS_TOKEN}x`,
        `Basic ${METRICS_TOKEN}`,
        METRICS_TOKEN,
      ];
      for (const auth of others) {
        const req = request(t.app).get('/metrics');
        const res = await (auth === undefined ? req : req.set('Authorization', auth)).expect(401);
        expect(res.headers['www-authenticate'], auth).to.equal('Bearer realm="metrics"');
        expect(res.body).to.deep.equal({
          type: 'about:blank',
          title: 'Informe o token de métricas (METRICS_TOKEN) no cabeçalho Authorization: Bearer.',
          status: 401,
        });
      }
    });

    it('counts requests by route template and status, tokens issued and refused by reason, revocation lag, pool use', async () => {
      const ug = await createUg(t.services);
      const key = await createKey(t.services, ug.id);
      const first = await scrape();
      const template = { method: 'GET', route: '/api/v1/unidades-gestoras/:id', status: '200' };
      expect(sampleValue(first, 'http_requests_total', template)).to.equal(undefined);
      expect(sampleValue(first, 'cidades_tokens_issued_total')).to.equal(0);
      expect(sampleValue(first, 'cidades_tokens_refused_total', { reason: 'invalid_client' })).to.equal(0);

      const token = await accessToken(t.app, key);
      await apiCall(t.app, token, 'get', `/v1/unidades-gestoras/${ug.id}`).expect(200);
      await apiCall(t.app, token, 'get', `/v1/unidades-gestoras/${ug.id}`).expect(200);
      await apiCall(t.app, token, 'get', '/v1/unidades-gestoras/999999').expect(404);
      await tokenRequest(t.app, { clientId: key.clientId, clientSecret: `${key.clientSecret.slice(0, -1)}#` }).expect(401);
      await t.services.integrations.renew(cliCaller, ug.id, key.id);

      const after = await scrape();
      expect(sampleValue(after, 'http_requests_total', template)).to.equal(2);
      expect(sampleValue(after, 'http_requests_total', { ...template, status: '404' })).to.equal(1);
      expect(sampleValue(after, 'http_request_duration_seconds_count', template)).to.equal(2);
      expect(sampleValue(after, 'http_request_duration_seconds_bucket', { ...template, le: '+Inf' })).to.equal(2);
      expect(sampleValue(after, 'http_requests_total', { method: 'POST', route: '/oauth/token', status: '200' })).to.equal(1);
      expect(sampleValue(after, 'http_requests_total', { method: 'POST', route: '/oauth/token', status: '401' })).to.equal(1);
      expect(sampleValue(after, 'http_requests_total', { method: 'GET', route: '/metrics', status: '200' })).to.equal(1);
      // Never the URL itself: no label holds an id.
      expect(after.filter((s) => s.name === 'http_requests_total').map((s) => s.labels.route)).not.to.include.members([
        `/api/v1/unidades-gestoras/${ug.id}`,
        '/api/v1/unidades-gestoras/999999',
      ]);

      expect(sampleValue(after, 'cidades_tokens_issued_total')).to.equal(1);
      expect(sampleValue(after, 'cidades_tokens_refused_total', { reason: 'invalid_client' })).to.equal(1);
      expect(sampleValue(after, 'cidades_revocation_lag_seconds_count')).to.equal(1);
      expect(sampleValue(after, 'cidades_revocation_lag_seconds_bucket', { le: '+Inf' })).to.equal(1);

      for (const state of ['used', 'free', 'pending'])
        expect(sampleValue(after, 'cidades_db_pool_connections', { state })).to.be.at.least(0);
      expect(sampleValue(after, 'cidades_db_pool_connections', { state: 'max' })).to.be.at.least(1);
      expect(sampleValue(after, 'nodejs_eventloop_lag_p99_seconds')).to.be.a('number');
      expect(sampleValue(after, 'process_resident_memory_bytes')).to.be.above(0);
    });

    it('counts a refusal past a failure limit by the code answered, invalid_request, not as one more invalid_client', async () => {
      const key = await createKey(t.services, (await createUg(t.services)).id);
      const wrong = { clientId: key.clientId, clientSecret: (await createKey(t.services, key.ugId)).clientSecret };
      const refused = (samples: Awaited<ReturnType<typeof scrape>>, reason: string) =>
        sampleValue(samples, 'cidades_tokens_refused_total', { reason }) ?? 0;
      const before = await scrape();
      for (let i = 0; i < 10; i += 1) await tokenRequest(t.app, wrong).expect(401);
      // The 11th failure is answered 429; the right secret then waits too (refused before any lookup).
      await tokenRequest(t.app, wrong).expect(429);
      await tokenRequest(t.app, key).expect(429);
      const after = await scrape();
      expect(refused(after, 'invalid_client') - refused(before, 'invalid_client')).to.equal(10);
      expect(refused(after, 'invalid_request') - refused(before, 'invalid_request')).to.equal(2);
    });
  });
});
