import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { apiErrorTable } from '../../app/api/error-catalog.ts';
import type { TestApp } from '../support/app.ts';
import { startLiveApp, type LiveApp } from '../support/browser.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { preBlock, signIn, visibleText } from '../support/portal.ts';

const run = promisify(execFile);

function hasPythonRequests(): boolean {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('portal: Documentação da API', function () {
  this.timeout(30_000);
  let live: LiveApp;
  let t: TestApp;
  let baseUrl: string;
  let key: Key;
  let page: string;

  before(async () => {
    live = await startLiveApp();
    ({ t, baseUrl } = live);
    key = await createKey(t.services, (await createUg(t.services, { codigo: 'EXEMPLOS' })).id);
    page = (
      await request(t.app)
        .get('/documentacao-api')
        .expect(200)
        .expect('Content-Type', /^text\/html/)
    ).text;
  });
  after(() => live?.close());

  it('is open without signing in, and tells the gestor how to enable the API and the developer where to go next', () => {
    const text = visibleText(page);
    expect(text).to.include('Documentação da API').and.include('Unidade Gestora').and.include('Ações').and.include('Integrações');
    expect(text).to.include('Adicionar').and.include('ele é exibido uma única vez');
    expect(text).to.include('application/problem+json').and.include('VALIDATION_FAILED').and.include('INVALID_TOKEN');
    for (const href of ['/api/docs', '/api/openapi.json', '/api/postman-collection.json']) expect(page).to.include(`href="${href}"`);
    expect(text).to.include(`baseUrl já vem com ${baseUrl}`);
  });

  it('lists every error code of the API, from the error catalog', () => {
    const table = /<section id="erros"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    for (const { status, code } of apiErrorTable()) expect(table).to.include(`<tr><td>${status}</td><td class="mono">${code}</td>`);
    // And the rules every request is held to, beyond what a status says.
    for (const rule of ['caracteres de controle', '2147483647', 'dígitos verificadores', 'AAAA-MM-DD', '<code>motivo</code>', '16 KB'])
      expect(table, rule).to.include(rule);
  });

  it("lists the token endpoint's errors, the throttle's 429 and the outage's 503 with their codes", () => {
    const table = /<table id="erros-token">[\s\S]*?<\/table>/.exec(page)?.[0] ?? '';
    for (const row of [
      [401, 'invalid_client'],
      [400, 'invalid_scope'],
      [429, 'invalid_request'],
      [503, 'temporarily_unavailable'],
    ])
      expect(table).to.include(`<tr><td>${row[0]}</td><td class="mono">${row[1]}</td>`);
    expect(visibleText(page)).to.include('Retry-After').and.include('sem acentos');
  });

  it('is linked from the top navigation and the footer of every page and from the sign-in page', async () => {
    const login = (await request(t.app).get('/login').expect(200)).text;
    const nav = /<nav class="topnav"[\s\S]*?<\/nav>/.exec(login)?.[0] ?? '';
    expect(nav).to.include('href="/documentacao-api"');
    // The top navigation, the sign-in page's text, and the footer.
    expect(login.split('href="/documentacao-api"')).to.have.length(4);
    expect(/<footer[\s\S]*?<\/footer>/.exec(login)?.[0]).to.include('href="/documentacao-api"');
    const people = await createUgWithPeople(t.services);
    const signedIn = (await (await signIn(t.app, people.gestor.email)).get('/unidades-gestoras').expect(200)).text;
    expect(/<nav class="topnav"[\s\S]*?<\/nav>/.exec(signedIn)?.[0]).to.include('href="/documentacao-api"');
    expect(nav).not.to.include('aria-current');
    expect(/<nav class="topnav"[\s\S]*?<\/nav>/.exec(page)?.[0]).to.include('aria-current="page"');
  });

  const env = () => ({ ...process.env, CLIENT_ID: key.clientId, CLIENT_SECRET: key.clientSecret });

  it('shows the real PUBLIC_URL, and its curl commands run as written', async () => {
    const curl = preBlock(page, 'exemplo-curl');
    expect(curl).to.include(`'${baseUrl}/oauth/token'`).and.include(`'${baseUrl}/api/v1/me'`);
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', curl], { env: env() });
    expect(JSON.parse(stdout)).to.deep.include({ clientId: key.clientId });
    const token = JSON.parse((await run('bash', ['-euo', 'pipefail', '-c', preBlock(page, 'exemplo-token')], { env: env() })).stdout);
    expect(token).to.include({ token_type: 'Bearer', expires_in: t.config.tokenTtlSeconds, scope: 'leitura' });
  });

  it('its Node.js example runs as written', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', preBlock(page, 'exemplo-node')], { env: env() });
    expect(stdout).to.match(/^200 /).and.include(key.clientId);
  });

  it('its Python example runs as written', async function () {
    if (!hasPythonRequests()) {
      if (process.env.CI) throw new Error('python3 with requests is missing; .ci/run installs python3-requests');
      console.warn('      (python3 requests not installed: example not run)');
      this.skip();
    }
    const { stdout } = await run('python3', ['-c', preBlock(page, 'exemplo-python')], { env: env() });
    expect(stdout).to.match(/^200 /).and.include(key.clientId);
  });
});
