import { generateKeyPairSync } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT, importJWK, type JWK } from 'jose';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg } from '../support/fixtures.ts';
import { accessToken, createKey, decodeJwt, type Key } from '../support/oauth.ts';

function problem(detail: string) {
  return { type: 'about:blank', title: 'Não autenticado', status: 401, detail, code: 'INVALID_TOKEN' };
}

describe('/api bearer authentication and GET /api/v1/me', () => {
  let t: TestApp;
  let ug: { id: number; codigo: string; nome: string };
  let key: Key;

  beforeEach(async () => {
    t = await createTestApp();
    ug = await createUg(t.services, { codigo: 'AGR', nome: 'Consórcio Agregador' });
    key = await createKey(t.services, ug.id, 'escrita');
  });
  afterEach(() => t.close());

  const me = (token: string) => request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  /** Signs a token as the server would, then lets a test change one thing about it. */
  async function forge(change: { header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: JWK }): Promise<string> {
    const { privateJwks } = await t.services.signingKeys.load();
    const jwk = change.key ?? (privateJwks[0] as JWK);
    const real = decodeJwt(await accessToken(t.app, key));
    return new SignJWT({ ...real.payload, ...change.claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: jwk.kid, ...change.header })
      .sign(await importJWK(jwk, 'ES256'));
  }

  it('tells who the token is: client, UG, visible UGs (transitively for an aggregator), scopes, expiry', async () => {
    const child = await t.services.ugs.create(
      { codigo: 'FILHA', nome: 'Prefeitura Filha', cnpj: '27165588000190', agregadora: 'AGR' },
      cliCaller,
    );
    const grandchild = await t.services.ugs.create(
      { codigo: 'NETA', nome: 'Câmara Neta', cnpj: '12ABC34501DE35', agregadora: 'FILHA' },
      cliCaller,
    );
    await t.services.ugs.create({ codigo: 'ALHEIA', nome: 'Outra', cnpj: '11222333000181' }, cliCaller);
    const token = await accessToken(t.app, key);
    const res = await me(token)
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.body).to.deep.equal({
      clientId: key.clientId,
      unidadeGestora: { id: ug.id, codigo: 'AGR', nome: 'Consórcio Agregador' },
      unidadesGestorasVisiveis: [
        { id: ug.id, codigo: 'AGR', nome: 'Consórcio Agregador' },
        { id: child.id, codigo: 'FILHA', nome: 'Prefeitura Filha' },
        { id: grandchild.id, codigo: 'NETA', nome: 'Câmara Neta' },
      ],
      scopes: ['leitura', 'escrita'],
      expiresAt: new Date((decodeJwt(token).payload.exp as number) * 1000).toISOString(),
    });
    const childKey = await createKey(t.services, child.id);
    const childMe = await me(await accessToken(t.app, childKey)).expect(200);
    expect(childMe.body.unidadesGestorasVisiveis.map((u: { codigo: string }) => u.codigo)).to.deep.equal(['FILHA', 'NETA']);
  });

  it("sends the security headers of a JSON API (OWASP REST cheat sheet), not the portal's page set", async () => {
    const res = await me(await accessToken(t.app, key)).expect(200);
    expect(res.headers).to.include({
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
    });
    expect(res.headers).not.to.have.property('origin-agent-cluster');
    const refused = await request(t.app).get('/api/v1/me').expect(401);
    expect(refused.headers['content-security-policy']).to.equal("default-src 'none'; frame-ancestors 'none'");
    const docs = await request(t.app).get('/api/docs').expect(200);
    expect(docs.headers['content-security-policy']).to.include("script-src 'self'");
  });

  it('answers a missing or malformed Authorization header with 401 problem+json and a Bearer challenge', async () => {
    const missing = await request(t.app)
      .get('/api/v1/me')
      .expect(401)
      .expect('Content-Type', /application\/problem\+json/);
    expect(missing.headers['www-authenticate']).to.equal('Bearer error="invalid_token"');
    expect(missing.body).to.deep.equal(problem('Informe o token de acesso no cabeçalho Authorization: Bearer <token>.'));
    for (const header of ['Basic abc', 'Bearer', 'Bearer a b', 'token xyz']) {
      const res = await request(t.app).get('/api/v1/me').set('Authorization', header).expect(401);
      expect(res.body, header).to.deep.equal(problem('O cabeçalho Authorization deve ter a forma: Bearer <token>.'));
    }
  });

  const invalid = problem('O token é inválido.');

  it('refuses garbage, a tampered payload, alg none, a foreign key, and a wrong audience, issuer or type', async () => {
    const token = await accessToken(t.app, key);
    const [h, p, s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...decodeJwt(token).payload, ug_id: 999 })).toString('base64url')}.${s}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${p}.`;
    const foreignKey = {
      ...(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }) as JWK),
      kid: decodeJwt(token).header.kid as string,
    };
    const cases: Record<string, string> = {
      garbage: 'abc.def.ghi',
      tampered,
      none,
      foreignKey: await forge({ key: foreignKey }),
      audience: await forge({ claims: { aud: 'https://outra-api.example' } }),
      issuer: await forge({ claims: { iss: 'https://outro-emissor.example/oauth' } }),
      type: await forge({ header: { typ: 'JWT' } }),
      unknownKid: await forge({ header: { kid: 'nao-existe' } }),
    };
    for (const [name, bad] of Object.entries(cases)) {
      const res = await me(bad).expect(401);
      expect(res.body, name).to.deep.equal(invalid);
      expect(res.headers['www-authenticate'], name).to.equal('Bearer error="invalid_token"');
    }
  });

  it('refuses an expired token, saying so', async () => {
    const now = Math.floor(Date.now() / 1000);
    const res = await me(await forge({ claims: { iat: now - 700, exp: now - 100 } })).expect(401);
    expect(res.body).to.deep.equal(problem('O token expirou. Obtenha um novo token.'));
  });

  it('refuses a token lacking our claims even when correctly signed', async () => {
    const res = await me(await forge({ claims: { ug_id: 'x' } })).expect(401);
    expect(res.body).to.deep.equal(problem('O token não foi emitido para esta API.'));
  });

  for (const [what, act] of [
    ['renewed', (tt: TestApp, k: Key) => tt.services.integrations.renew(cliCaller, k.ugId, k.id)],
    ['deleted', (tt: TestApp, k: Key) => tt.services.integrations.delete(cliCaller, k.ugId, k.id)],
  ] as const) {
    it(`refuses the outstanding tokens of a ${what} key within the stated bound, on the next poll`, async () => {
      const token = await accessToken(t.app, key);
      await me(token).expect(200);
      await act(t, key);
      const started = Date.now();
      let status = 200;
      while (status === 200 && Date.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await me(token)).status;
      }
      expect(status).to.equal(401);
      const res = await me(token).expect(401);
      expect(res.body).to.deep.equal(problem('A integração deste token foi renovada, excluída ou bloqueada. Obtenha um novo token.'));
    });
  }

  it('keeps accepting tokens of the renewed secret', async () => {
    const { clientSecret } = await t.services.integrations.renew(cliCaller, ug.id, key.id);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await me(await accessToken(t.app, { ...key, clientSecret })).expect(200);
  });

  it('does not query the database per request at steady state', async () => {
    const token = await accessToken(t.app, key);
    await me(token).expect(200);
    const queries: string[] = [];
    const listener = (q: { sql: string }) => {
      // Only the background tasks may query: the revocation and key polls, and the batched "último uso" writes.
      if (!/credential_revocations|signing_keys|last_used_at|^BEGIN|^COMMIT/.test(q.sql)) queries.push(q.sql);
    };
    t.database.db.on('query', listener);
    for (let i = 0; i < 20; i += 1) await me(token).expect(200);
    t.database.db.removeListener('query', listener);
    expect(queries).to.deep.equal([]);
  });

  it('keeps old tokens valid across a key rotation and signs new ones with the new key', async function () {
    this.timeout(15_000);
    const before = await accessToken(t.app, key);
    const { kid } = await t.services.signingKeys.rotate();
    // Every instance picks up the new key on its next poll (every 5 s).
    const started = Date.now();
    let kids: string[] = [];
    while (!kids.includes(kid) && Date.now() - started < 7_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      kids = ((await request(t.app).get('/oauth/jwks').expect(200)).body as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    }
    expect(kids).to.include(kid).and.include(decodeJwt(before).header.kid);
    await me(before).expect(200);
    const after = await accessToken(t.app, key);
    expect(decodeJwt(after).header.kid).to.equal(kid);
    await me(after).expect(200);
  });

  it('answers unknown API paths with problem+json', async () => {
    const res = await me(await accessToken(t.app, key)).expect(200);
    expect(res.body.clientId).to.equal(key.clientId);
    const missing = await request(t.app)
      .get('/api/v1/nada')
      .set('Authorization', `Bearer ${await accessToken(t.app, key)}`)
      .expect(404);
    expect(missing.body).to.deep.include({ status: 404, code: 'NOT_FOUND' });
  });
});
