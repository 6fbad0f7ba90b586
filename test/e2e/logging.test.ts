import { expect } from 'chai';
import { createTestApp, type TestApp } from '../support/app.ts';
import { captureLog } from '../support/log-capture.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { createKey, tokenRequest } from '../support/oauth.ts';
import { csrfOf, signIn } from '../support/portal.ts';

describe('logs never hold a secret', () => {
  let t: TestApp;
  const { logger, lines, entries } = captureLog();

  before(async () => {
    t = await createTestApp({ logger });
  });
  after(() => t.close());

  it('logs requests without passwords, client secrets, session cookies or setup tokens', async () => {
    const setupToken = (await t.services.setup.issueSetupToken()) ?? 'none';
    const people = await createUgWithPeople(t.services);
    const gestor = await signIn(t.app, people.gestor.email);
    const base = `/unidades-gestoras/${people.ug.id}/integracoes`;
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const clientSecret = /name="clientSecret" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const clientId = /name="clientId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await gestor
      .post(base)
      .type('form')
      .send({ _csrf: csrfOf(page.text), clientId, clientSecret, descricao: 'Log', permissao: 'leitura' })
      .expect(303);
    const [row] = await t.database.db('integracoes').select('id');
    const confirm = await gestor.get(`${base}/${row.id}/renovar`).expect(200);
    await gestor
      .post(`${base}/${row.id}/renovar`)
      .type('form')
      .send({ _csrf: csrfOf(confirm.text) })
      .expect(303);
    const renewed = await gestor.get(`${base}/${row.id}/segredo`).expect(200);
    const newSecret = /id="client-secret"[^>]*value="([^"]+)"/.exec(renewed.text)?.[1] ?? '';
    await gestor.get(`/setup/${setupToken}`);
    // Sessions are stored hashed: the id itself is in the cookie, which every signed-in answer renews (rolling). The
    // renewed secret waits in the session under a key derived from that id.
    const answered = ((await gestor.get('/unidades-gestoras').expect(200)).headers['set-cookie'] as unknown as string[]) ?? [];
    const sessions = answered.flatMap((cookie) => /^cidades\.sid=s%3A([^.;]+)/.exec(cookie)?.[1] ?? []);
    expect(sessions).to.have.length(1);

    const log = lines.join('');
    expect(lines.length).to.be.greaterThan(5);
    expect(log).to.include('"url":"/login"').and.include('[redacted]');
    for (const secret of [PASSWORD, clientSecret, newSecret, setupToken, ...sessions]) {
      expect(secret.length).to.be.greaterThan(10);
      expect(log).not.to.include(secret);
    }
  });

  it('logs token requests (served without Express) like any other: id, URL, status, IP, never the credentials', async () => {
    const people = await createUgWithPeople(t.services);
    const key = await createKey(t.services, people.ug.id);
    const ok = await tokenRequest(t.app, key).expect(200);
    // The last character changed, never to itself (a secret ending in "x" made this test pass a right secret).
    const wrong = `${key.clientSecret.slice(0, -1)}${key.clientSecret.endsWith('x') ? 'y' : 'x'}`;
    const refused = await tokenRequest(t.app, { clientId: key.clientId, clientSecret: wrong }, { post: true }).expect(401);
    const requests = entries().filter((entry) => entry.msg === 'request' && entry.url === '/oauth/token');
    expect(requests.map(({ reqId, method, status }) => ({ reqId, method, status }))).to.deep.equal([
      { reqId: ok.headers['x-request-id'], method: 'POST', status: 200 },
      { reqId: refused.headers['x-request-id'], method: 'POST', status: 401 },
    ]);
    expect(requests[0]?.ip).to.be.a('string').with.length.greaterThan(0);
    const log = lines.join('');
    for (const secret of [key.clientSecret, ok.body.access_token as string]) expect(log).not.to.include(secret);
  });
});
