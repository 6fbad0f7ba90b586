import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { createDrainingServer } from '../../app/draining-server.ts';
import { HttpMetrics } from '../../app/ops/http-metrics.ts';
import { requestLogger } from '../../app/request-log.ts';
import { Registry } from 'prom-client';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg } from '../support/fixtures.ts';
import { captureLog } from '../support/log-capture.ts';
import { parseMetrics } from '../support/metrics.ts';
import { accessToken, createKey, tokenRequest } from '../support/oauth.ts';

/**
 * Sends a request's head and the start of a body it says is longer, then goes away once the server has taken the
 * request in: the client aborts before any answer.
 */
async function abortMidBody(server: http.Server, head: string[]): Promise<void> {
  const { port } = server.address() as AddressInfo;
  const arrived = new Promise((resolve) => server.once('request', resolve));
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  socket.write(`${[...head, 'Host: 127.0.0.1', 'Content-Length: 1000', '', ''].join('\r\n')}{"a":"`);
  await arrived;
  socket.destroy();
}

/** Resolves with the entries `find` picks once there are some (the close of an aborted request comes a little later). */
async function eventually<T>(find: () => T[]): Promise<T[]> {
  for (let tries = 0; tries < 100; tries++, await new Promise((resolve) => setTimeout(resolve, 20))) {
    const found = find();
    if (found.length > 0) return found;
  }
  return [];
}

const METRICS_TOKEN = 'token-de-metricas-com-pelo-menos-32-caracteres';

describe('the request log', () => {
  const capture = captureLog('info');
  let t: TestApp;
  let server: http.Server;
  before(async () => {
    t = await createTestApp({ logger: capture.logger, env: { METRICS_TOKEN } });
    // As app/server.ts listens.
    server = createDrainingServer(t.app, t.refused).server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });
  after(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });
  const requests = (url: string) => capture.entries().filter((entry) => entry.msg === 'request' && entry.url === url);

  it('writes a line for a request the client aborts, on the token endpoint and through Express', async () => {
    const ug = await createUg(t.services);
    const token = await accessToken(t.app, await createKey(t.services, ug.id, 'escrita'));
    await abortMidBody(server, ['POST /oauth/token HTTP/1.1', 'Content-Type: application/x-www-form-urlencoded']);
    await abortMidBody(server, ['POST /api/v1/contratacoes HTTP/1.1', 'Content-Type: application/json', `Authorization: Bearer ${token}`]);
    for (const url of ['/oauth/token', '/api/v1/contratacoes']) {
      const lines = await eventually(() => requests(url).filter((entry) => entry.aborted === true));
      expect(lines, url).to.have.length(1);
      // Its status: what the server answered (to nobody), if it did.
      expect(lines[0]).to.include({ method: 'POST', aborted: true, ip: '127.0.0.1' }).and.to.have.property('reqId').that.is.a('string');
    }
    // Counted with nginx's 499, "client closed request"; under the route that had been matched by then, if any.
    const metrics = await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    const aborted = parseMetrics(metrics.text).filter(({ name, labels }) => name === 'http_requests_total' && labels.status === '499');
    expect(aborted.map(({ labels, value }) => ({ ...labels, value }))).to.deep.include.members([
      { method: 'POST', route: '/oauth/token', status: '499', value: 1 },
    ]);
    expect(aborted.filter(({ labels }) => ['/api/v1/*', '/api/v1/contratacoes'].includes(labels.route ?? ''))).to.have.length(1);
    expect(aborted).to.have.length(2);
    // An answered request's line says nothing of aborting, and is written once.
    const answered = await tokenRequest(t.app, { clientId: 'cid_naoExiste', clientSecret: 'x' }).expect(401);
    const lines = requests('/oauth/token').filter((entry) => entry.reqId === answered.headers['x-request-id']);
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ status: 401 }).and.not.to.have.property('aborted');
  });

  it('writes a line for a request the HTTP parser refuses, with its status and the reason, none of the request, and counts it', async () => {
    const { port } = server.address() as AddressInfo;
    const secret = 'segredo-num-cabecalho-grande-demais';
    const tooLarge = await fetch(`http://127.0.0.1:${port}/api/v1/contratacoes?objeto=${'a'.repeat(20_000)}`, {
      headers: { Authorization: `Bearer ${secret}` },
    });
    expect(tooLarge.status).to.equal(431);
    await new Promise<void>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () =>
        socket.end(`GET /api/v1/me?senha=${secret} HTTP/1.1\r\nContent-Length: abc\r\n\r\n`),
      );
      socket.on('data', () => undefined).on('close', () => resolve());
    });
    const refused = capture.entries().filter((entry) => entry.msg === 'request' && entry.reason !== undefined);
    expect(refused.map(({ status, reason, ip, url, method }) => ({ status, reason, ip, url, method }))).to.deep.equal([
      { status: 431, reason: 'HPE_HEADER_OVERFLOW', ip: '127.0.0.1', url: undefined, method: undefined },
      { status: 400, reason: 'HPE_INVALID_CONTENT_LENGTH', ip: '127.0.0.1', url: undefined, method: undefined },
    ]);
    expect(capture.lines.join('')).not.to.include(secret);
    const metrics = await request(t.app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    const unparsed = parseMetrics(metrics.text).filter(
      ({ name, labels }) => name === 'http_requests_total' && labels.route === '(unparsed)',
    );
    expect(unparsed.map(({ labels, value }) => ({ ...labels, value }))).to.deep.equal([
      { method: 'OTHER', route: '(unparsed)', status: '431', value: 1 },
      { method: 'OTHER', route: '(unparsed)', status: '400', value: 1 },
    ]);
  });

  it("carries the request's id into every line logged while serving it, inside the token endpoint too", async () => {
    const refused = await tokenRequest(t.app, { clientId: 'cid_outroQueNaoExiste', clientSecret: 'y' }, { post: true }).expect(401);
    const id = refused.headers['x-request-id'];
    const failure = capture.entries().filter((entry) => entry.msg === 'client authentication failed');
    expect(failure.map((entry) => entry.reqId)).to.include(id);
    expect(failure.find((entry) => entry.reqId === id)).to.include({ clientId: 'cid_outroQueNaoExiste' });
    // Lines logged outside any request carry none.
    capture.logger.info('outside');
    expect(capture.entries().find((entry) => entry.msg === 'outside')).not.to.have.property('reqId');
  });

  it('carries the id through an Express request, after its body is read and across awaits', async () => {
    const own = captureLog('info');
    const app = express();
    app.use(requestLogger(own.logger, new HttpMetrics(new Registry()), () => 'test'));
    app.post('/', express.json(), async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      own.logger.warn('inside');
      res.status(204).end();
    });
    const res = await request(app)
      .post('/')
      .send({ big: 'x'.repeat(90_000) })
      .expect(204);
    const entries = own.entries();
    expect(entries.map(({ msg, reqId }) => ({ msg, reqId }))).to.deep.equal([
      { msg: 'inside', reqId: res.headers['x-request-id'] },
      { msg: 'request', reqId: res.headers['x-request-id'] },
    ]);
  });

  it('logs query strings without the values of secret-looking parameters', async () => {
    const secrets = ['segredo-no-access-token-1', 'segredo-no-client-secret-2', 'segredo-na-senha-3'];
    await request(t.app).get(`/api/v1/me?access_token=${secrets[0]}&limit=5`).expect(401);
    await request(t.app).post(`/oauth/token?client_secret=${secrets[1]}`).type('form').send({ grant_type: 'client_credentials' });
    await request(t.app).get(`/login?senha=${secrets[2]}&volta=1`);
    expect(requests('/api/v1/me?access_token=[redacted]&limit=5')).to.have.length(1);
    expect(requests('/oauth/token?client_secret=[redacted]')).to.have.length(1);
    expect(requests('/login?senha=[redacted]&volta=1')).to.have.length(1);
    const log = capture.lines.join('');
    for (const secret of secrets) expect(log).not.to.include(secret);
  });
});
