import type { Server } from 'node:http';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/app.ts';
import { closeServer, freePort, launchBrowser } from '../support/browser.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';

describe('/api/docs in a real browser: Authorize with client credentials, then Try it out', function () {
  this.timeout(60_000);
  let t: TestApp;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let key: Key;
  const problems: string[] = [];
  const responses: string[] = [];

  before(async function () {
    const launched = await launchBrowser();
    if (!launched) {
      console.warn('      (Chromium not installed: browser test skipped; `apt-get install -y chromium` to run it)');
      this.skip();
    }
    browser = launched as Browser;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_URL: baseUrl });
    key = await createKey(t.services, (await createUg(t.services, { codigo: 'DOCS', nome: 'Prefeitura da Documentação' })).id);
    server = t.app.listen(port, '127.0.0.1');
    page = await browser.newPage();
    // Chromium logs most CSP refusals, but not every kind: report each one explicitly.
    await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('response', (res) => responses.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`));
  });

  after(async () => {
    await browser?.close();
    if (server) await closeServer(server);
    await t?.close();
  });

  it('gets a token from /oauth/token and runs GET /v1/me with it', async () => {
    await page.goto(`${baseUrl}/api/docs`);
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    await page.locator('#client_id_clientCredentials').fill(key.clientId);
    await page.locator('#client_secret_clientCredentials').fill(key.clientSecret);
    await page.locator('.modal-ux').getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
    await page.locator('.modal-ux').getByText('Authorized', { exact: true }).waitFor();
    await page.locator('.modal-ux').getByRole('button', { name: 'Close' }).click();

    await page.locator('#operations-Autenticação-getMe .opblock-summary').click();
    await page.locator('#operations-Autenticação-getMe').getByRole('button', { name: 'Execute' }).click();
    const live = page.locator('#operations-Autenticação-getMe .live-responses-table tbody .response-col_status');
    await live.waitFor();
    expect((await live.innerText()).trim()).to.equal('200');
    const body = await page.locator('#operations-Autenticação-getMe .live-responses-table .response-col_description pre').first().innerText();
    expect(JSON.parse(body)).to.deep.include({ clientId: key.clientId, scopes: ['leitura'] });

    expect(responses).to.include.members(['POST /oauth/token 200', 'GET /api/v1/me 200']);
    expect(problems, 'console errors or CSP violations').to.deep.equal([]);
  });
});
