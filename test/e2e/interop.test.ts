import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import * as oidc from 'openid-client';
import { createTestApp, type TestApp } from '../support/app.ts';
import { closeServer } from '../support/browser.ts';
import { freePort } from '../support/net.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { preBlock, signIn } from '../support/portal.ts';

const run = promisify(execFile);

/** The shell code blocks of README.md that follow a `<!-- tested: NAME -->` marker. */
function readmeBlock(name: string): string {
  const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
  const match = new RegExp(`<!-- tested: ${name} -->\\s*\`\`\`sh\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!match?.[1]) throw new Error(`README.md has no tested block "${name}"`);
  return match[1];
}

describe('interoperability with clients nobody here wrote', function () {
  this.timeout(30_000);
  let t: TestApp;
  let server: Server;
  let baseUrl: string;
  let key: Key;

  before(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { PUBLIC_URL: baseUrl } });
    key = await createKey(t.services, (await createUg(t.services, { codigo: 'INTEROP' })).id, 'escrita');
    server = t.app.listen(port, '127.0.0.1');
  });
  after(async () => {
    if (server) await closeServer(server);
    await t?.close();
  });

  for (const algorithm of ['oidc', 'oauth2'] as const) {
    it(`openid-client: discovery (${algorithm}), client credentials grant, then GET /api/v1/me`, async () => {
      const config = await oidc.discovery(new URL(`${baseUrl}/oauth`), key.clientId, key.clientSecret, undefined, {
        algorithm,
        execute: [oidc.allowInsecureRequests],
      });
      expect(config.serverMetadata().token_endpoint).to.equal(`${baseUrl}/oauth/token`);
      const tokens = await oidc.clientCredentialsGrant(config);
      expect(tokens.token_type).to.equal('bearer');
      expect(tokens.scope).to.equal('leitura escrita');
      const res = await oidc.fetchProtectedResource(config, tokens.access_token, new URL(`${baseUrl}/api/v1/me`), 'GET');
      expect(res.status).to.equal(200);
      expect(((await res.json()) as { clientId: string }).clientId).to.equal(key.clientId);
    });
  }

  it('openid-client: client_secret_basic and a narrower scope', async () => {
    const config = await oidc.discovery(new URL(`${baseUrl}/oauth`), key.clientId, undefined, oidc.ClientSecretBasic(key.clientSecret), {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'leitura' });
    expect(tokens.scope).to.equal('leitura');
  });

  it("runs the README's curl commands as written", async () => {
    const script = readmeBlock('token-and-me').replaceAll('http://localhost:3000', baseUrl);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      env: { ...process.env, CLIENT_ID: key.clientId, CLIENT_SECRET: key.clientSecret },
    });
    const me = JSON.parse(stdout.trim().split('\n').pop() ?? '') as { clientId: string };
    expect(me.clientId).to.equal(key.clientId);
  });

  it('runs the curl command the portal shows after Adicionar, as written', async () => {
    const people = await createUgWithPeople(t.services);
    const gestor = await signIn(t.app, people.gestor.email);
    const base = `/unidades-gestoras/${people.ug.id}/integracoes`;
    const page = await gestor.get(`${base}/adicionar`).expect(200);
    const curl = preBlock(page.text, 'curl-example');
    const clientId = /name="clientId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const clientSecret = /name="clientSecret" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const _csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await gestor.post(base).type('form').send({ _csrf, clientId, clientSecret, descricao: 'Via curl', permissao: 'leitura' }).expect(303);
    expect(curl).to.include(`${baseUrl}/oauth/token`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', curl]);
    const body = JSON.parse(stdout) as { access_token: string; scope: string };
    expect(body.scope).to.equal('leitura');
    expect(body.access_token.split('.')).to.have.length(3);
  });
});
