import { expect } from 'chai';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestServices } from '../support/services.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, decodeJwt, THROTTLED, tokenRequest, type Key } from '../support/oauth.ts';

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' };
/** RFC 6749 §5.2: the token endpoint's codes (and RFC 8707's invalid_target); error_description is printable ASCII without `"` or `\`. */
const TOKEN_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'invalid_target',
];
const ERROR_DESCRIPTION = /^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/;

describe('POST /oauth/token (client credentials)', () => {
  let t: TestApp;
  let ugId: number;
  let reader: Key;
  let writer: Key;

  beforeEach(async () => {
    t = await createTestApp();
    ugId = (await createUg(t.services, { codigo: 'UG-TOKEN' })).id;
    reader = await createKey(t.services, ugId, 'leitura');
    writer = await createKey(t.services, ugId, 'escrita');
  });
  afterEach(() => t.close());

  it('issues an ES256 at+jwt access token for the API, with the client, UG and scopes', async () => {
    const res = await tokenRequest(t.app, writer)
      .expect(200)
      .expect('Content-Type', /application\/json/)
      .expect('Cache-Control', 'no-store')
      .expect('X-Content-Type-Options', 'nosniff');
    expect(res.body).to.include({ token_type: 'Bearer', expires_in: 600, scope: 'leitura escrita' });
    const { header, payload } = decodeJwt(res.body.access_token);
    expect(header).to.include({ alg: 'ES256', typ: 'at+jwt' });
    expect(header.kid).to.be.a('string');
    expect(payload).to.include({
      iss: 'http://127.0.0.1:3000/oauth',
      aud: 'http://127.0.0.1:3000/api',
      client_id: writer.clientId,
      sub: writer.clientId,
      ug_id: ugId,
      ug_codigo: 'UG-TOKEN',
      scope: 'leitura escrita',
    });
    expect((payload.exp as number) - (payload.iat as number)).to.equal(600);
  });

  it('accepts client_secret_post as well as client_secret_basic', async () => {
    const res = await tokenRequest(t.app, reader, { post: true }).expect(200);
    expect(res.body.scope).to.equal('leitura');
  });

  it('grants every allowed scope without `scope`, a subset on request, and refuses more than allowed', async () => {
    expect((await tokenRequest(t.app, writer, { scope: 'leitura' }).expect(200)).body.scope).to.equal('leitura');
    expect((await tokenRequest(t.app, reader).expect(200)).body.scope).to.equal('leitura');
    for (const scope of ['escrita', 'leitura escrita', 'admin', 'openid']) {
      const res = await tokenRequest(t.app, reader, { scope }).expect(400);
      expect(res.body.error, scope).to.equal('invalid_scope');
    }
  });

  it('answers a wrong secret and an unknown client id alike: 401 invalid_client', async () => {
    const other = await createKey(t.services, ugId);
    const wrong = await tokenRequest(t.app, { clientId: reader.clientId, clientSecret: other.clientSecret }).expect(401);
    expect(wrong.body).to.deep.equal(INVALID_CLIENT);
    expect(wrong.headers['www-authenticate']).to.match(/^Basic/);
    const unknown = await tokenRequest(t.app, { clientId: 'cid_0000000000000000000000', clientSecret: reader.clientSecret }).expect(401);
    expect(unknown.body).to.deep.equal(INVALID_CLIENT);
    const notOurs = await tokenRequest(t.app, { clientId: 'qualquer', clientSecret: 'coisa' }).expect(401);
    expect(notOurs.body).to.deep.equal(INVALID_CLIENT);
  });

  it('refuses a secret whose checksum fails before any database work', async () => {
    const lookups: string[] = [];
    t.database.db.on('query', (q: { sql: string }) => lookups.push(q.sql));
    const typo = `${reader.clientSecret.slice(0, -1)}${reader.clientSecret.endsWith('a') ? 'b' : 'a'}`;
    const res = await tokenRequest(t.app, { clientId: reader.clientId, clientSecret: typo }).expect(401);
    expect(res.body).to.deep.equal(INVALID_CLIENT);
    expect(lookups.filter((sql) => sql.includes('integracoes'))).to.deep.equal([]);
  });

  it("refuses a renewed key's old secret, a deleted key and a blocked key at once", async () => {
    const renewed = await t.services.integrations.renew(cliCaller, ugId, reader.id);
    expect((await tokenRequest(t.app, reader).expect(401)).body).to.deep.equal(INVALID_CLIENT);
    await tokenRequest(t.app, { clientId: reader.clientId, clientSecret: renewed.clientSecret }).expect(200);

    await t.services.integrations.delete(cliCaller, ugId, writer.id);
    expect((await tokenRequest(t.app, writer).expect(401)).body).to.deep.equal(INVALID_CLIENT);

    const blocked = await createKey(t.services, ugId);
    await t.database.db('integracoes').where({ id: blocked.id }).update({ bloqueada: true, bloqueio_motivo: 'teste' });
    expect((await tokenRequest(t.app, blocked).expect(401)).body).to.deep.equal(INVALID_CLIENT);
  });

  it('answers from memory at steady state, and refuses a key renewed by another process within the revocation poll', async () => {
    await tokenRequest(t.app, reader).expect(200);
    const lookups: string[] = [];
    t.database.db.on('query', (q: { sql: string }) => {
      if (/^select/i.test(q.sql) && q.sql.includes('integracoes')) lookups.push(q.sql);
    });
    for (let i = 0; i < 5; i += 1) await tokenRequest(t.app, reader).expect(200);
    expect(lookups, 'no lookup of the key per request').to.deep.equal([]);

    // The command line or another instance: same database, services of its own, so this app hears nothing directly.
    const elsewhere = (await createTestServices({ database: t.database })).services;
    const renewed = await elsewhere.integrations.renew(cliCaller, ugId, reader.id);
    const started = Date.now();
    let status = 200;
    while (status === 200 && Date.now() - started < 2_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await tokenRequest(t.app, reader)).status;
    }
    expect(status, 'the old secret, within the 2-second bound').to.equal(401);
    await tokenRequest(t.app, { clientId: reader.clientId, clientSecret: renewed.clientSecret }).expect(200);
  });

  it('throttles failed authentication per client id with 429 and Retry-After, leaving other clients alone', async () => {
    const bad = { clientId: reader.clientId, clientSecret: writer.clientSecret };
    for (let i = 0; i < 10; i += 1) await tokenRequest(t.app, bad).expect(401);
    const throttled = await tokenRequest(t.app, bad).expect(429);
    expect(throttled.body).to.deep.equal(THROTTLED);
    expect(Number(throttled.headers['retry-after'])).to.be.within(1, 60);
    // Even the right secret waits: the window is per client id.
    await tokenRequest(t.app, reader).expect(429);
    await tokenRequest(t.app, writer).expect(200);
  });

  it('never throttles a well-behaved client, however many tokens it asks for', async () => {
    for (let i = 0; i < 60; i += 1) await tokenRequest(t.app, writer).expect(200);
  });

  it('records último uso (time and IP) at issuance, at most once a minute per key, off the request path', async function () {
    this.timeout(15_000);
    const writes: string[] = [];
    t.database.db.on('query', (q: { sql: string }) => {
      if (/^update .integracoes./i.test(q.sql)) writes.push(q.sql);
    });
    await tokenRequest(t.app, reader).expect(200);
    expect(writes, 'nothing written while answering').to.deep.equal([]);
    const started = Date.now();
    let row = await t.database.db('integracoes').where({ id: reader.id }).first('last_used_at', 'last_used_ip');
    while (row.last_used_at === null && Date.now() - started < 5_000) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      row = await t.database.db('integracoes').where({ id: reader.id }).first('last_used_at', 'last_used_ip');
    }
    expect(row.last_used_at).to.not.equal(null);
    expect(row.last_used_ip)
      .to.be.a('string')
      .and.match(/127\.0\.0\.1|::1/);
    // One flush: the key's último uso, and its secret's (current or, after a renewal meanwhile, previous).
    expect(writes).to.have.length(3);
    const secret = await t.database.db('integracoes').where({ id: reader.id }).first('secret_used_at', 'secret_used_ip');
    expect(secret).to.deep.equal({ secret_used_at: row.last_used_at, secret_used_ip: row.last_used_ip });
    for (let i = 0; i < 5; i += 1) await tokenRequest(t.app, reader).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(writes, 'a minute has not passed').to.have.length(3);
  });

  it('answers every refusal with a token endpoint code of RFC 6749 and an ASCII description', async () => {
    const post = () => request(t.app).post('/oauth/token').type('form');
    const wrong = { clientId: reader.clientId, clientSecret: writer.clientSecret };
    const refusals = [
      await tokenRequest(t.app, reader, { scope: 'escrita' }).expect(400),
      await tokenRequest(t.app, wrong).expect(401),
      await post().auth(reader.clientId, reader.clientSecret).send({ grant_type: 'password' }).expect(400),
      await post().auth(reader.clientId, reader.clientSecret).send({}).expect(400),
      await post()
        .auth(reader.clientId, reader.clientSecret)
        .send({ grant_type: 'client_credentials', resource: 'https://outra.example/api' })
        .expect(400),
    ];
    for (let i = 0; i < 9; i += 1) await tokenRequest(t.app, wrong).expect(401);
    refusals.push(await tokenRequest(t.app, wrong).expect(429), await tokenRequest(t.app, reader).expect(429));
    for (const { body } of refusals) {
      expect(TOKEN_ERRORS, JSON.stringify(body)).to.include(body.error);
      expect(body.error_description, JSON.stringify(body)).to.match(ERROR_DESCRIPTION);
    }
    expect(refusals[0]?.body).to.deep.include({
      error: 'invalid_scope',
      error_description: 'the requested scope is not allowed for this client',
    });
  });

  it('answers other grants with unsupported_grant_type and a GET with 404', async () => {
    const res = await request(t.app)
      .post('/oauth/token')
      .type('form')
      .auth(reader.clientId, reader.clientSecret)
      .send({ grant_type: 'password', username: 'a', password: 'b' })
      .expect(400);
    expect(res.body.error).to.equal('unsupported_grant_type');
    await request(t.app).get('/oauth/token').expect(404);
  });
});

describe('/oauth: discovery, JWKS, and nothing else', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  const metadata = {
    issuer: 'http://127.0.0.1:3000/oauth',
    token_endpoint: 'http://127.0.0.1:3000/oauth/token',
    jwks_uri: 'http://127.0.0.1:3000/oauth/jwks',
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['leitura', 'escrita', 'admin'],
    response_types_supported: [],
  };

  it('publishes the same metadata at the OpenID and the RFC 8414 locations', async () => {
    expect((await request(t.app).get('/oauth/.well-known/openid-configuration').expect(200)).body).to.deep.equal(metadata);
    expect((await request(t.app).get('/.well-known/oauth-authorization-server/oauth').expect(200)).body).to.deep.equal(metadata);
  });

  it('publishes the public signing keys only', async () => {
    const { keys } = (await request(t.app).get('/oauth/jwks').expect(200)).body as { keys: Array<Record<string, unknown>> };
    expect(keys).to.have.length(1);
    expect(keys[0]).to.include({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys[0]).to.not.have.property('d');
  });

  for (const [method, path] of [
    ['get', '/oauth/auth'],
    ['post', '/oauth/auth'],
    ['get', '/oauth/me'],
    ['post', '/oauth/token/introspection'],
    ['post', '/oauth/token/revocation'],
    ['post', '/oauth/reg'],
    ['post', '/oauth/request'],
    ['get', '/oauth/session/end'],
    ['post', '/oauth/device/auth'],
    ['post', '/oauth/backchannel'],
    ['get', '/oauth/nada'],
  ] as const) {
    it(`answers ${method.toUpperCase()} ${path} with 404`, async () => {
      const res = await request(t.app)[method](path).expect(404);
      expect(res.body.error).to.equal('not_found');
    });
  }
});
