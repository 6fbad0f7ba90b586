import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { cliCaller } from '../../app/caller.ts';
import { untilRefused } from '../support/admin.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg } from '../support/fixtures.ts';
import { accessToken, createKey, tokenRequest, type Key } from '../support/oauth.ts';

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' };
/** The stated bound (README): a blocked key's outstanding tokens are refused within about a second on every instance. */
const BOUND_MS = 1_500;

describe('blocking a key: token endpoint at once, outstanding tokens within the bound, on every instance', () => {
  let t: TestApp;
  let other: TestApp;
  let key: Key;

  beforeEach(async () => {
    t = await createTestApp();
    // A second instance over the same database, as behind a load balancer: it learns of the block from the log only.
    other = await createTestApp({ database: t.database });
    key = await createKey(t.services, (await createUg(t.services)).id);
  });
  afterEach(async () => {
    await other.close();
    await t.close();
  });

  const me = (app: Express, token: string) => request(app).get('/api/v1/me').set('Authorization', `Bearer ${token}`);

  it('refuses new tokens at once (401 invalid_client) and outstanding ones on both instances within the bound', async () => {
    const here = await accessToken(t.app, key);
    const there = await accessToken(other.app, key);
    await me(t.app, here).expect(200);
    await me(other.app, there).expect(200);

    await t.services.integrationsAdmin.block(cliCaller, key.id, 'Segredo exposto');
    expect((await tokenRequest(t.app, key).expect(401)).body).to.deep.equal(INVALID_CLIENT);
    for (const [app, token] of [
      [t.app, here],
      [other.app, there],
      [other.app, here],
    ] as const) {
      const { status, elapsedMs } = await untilRefused(() => me(app, token), BOUND_MS + 500);
      expect(status).to.equal(401);
      expect(elapsedMs).to.be.below(BOUND_MS);
    }
    const { status } = await untilRefused(() => tokenRequest(other.app, key), BOUND_MS + 500);
    expect(status, 'the other instance forgets its cached client within a poll').to.equal(401);
  });

  it('unblocking restores the same secret: new tokens work, tokens from before the block stay refused', async () => {
    const before = await accessToken(t.app, key);
    await t.services.integrationsAdmin.block(cliCaller, key.id, 'Auditoria');
    await t.services.integrationsAdmin.unblock(cliCaller, key.id);
    const after = await accessToken(t.app, key);
    await me(t.app, after).expect(200);
    expect((await me(t.app, before).expect(401)).body.code).to.equal('INVALID_TOKEN');
    // The other instance, once it has read the log, agrees on both.
    await new Promise((resolve) => setTimeout(resolve, BOUND_MS));
    await me(other.app, after).expect(200);
    await me(other.app, before).expect(401);
    await me(other.app, await accessToken(other.app, key)).expect(200);
  });
});
