import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { browserOrSkip, startLiveApp, watchProblems, type LiveApp } from '../support/browser.ts';
import { createUg } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';

describe('/api/docs in a real browser: Authorize with client credentials, then Try it out', function () {
  this.timeout(60_000);
  let live: LiveApp;
  let browser: Browser;
  let page: Page;
  let key: Key;
  let problems: string[];
  const responses: string[] = [];

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    key = await createKey(live.t.services, (await createUg(live.t.services, { codigo: 'DOCS', nome: 'Prefeitura da Documentação' })).id);
    page = await browser.newPage();
    problems = await watchProblems(page);
    page.on('response', (res) => responses.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`));
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  it('gets a token from /oauth/token and runs GET /v1/me with it', async () => {
    await page.goto(`${live.baseUrl}/api/docs`);
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const dialog = page.locator('.modal-ux');
    await page.locator('#client_id_clientCredentials').fill(key.clientId);
    await page.locator('#client_secret_clientCredentials').fill(key.clientSecret);
    await dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
    await dialog.getByText('Authorized', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const operation = page.locator('#operations-Autenticação-getMe');
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody .response-col_status');
    await status.waitFor();
    expect((await status.innerText()).trim()).to.equal('200');
    const body = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
    expect(JSON.parse(body)).to.deep.include({ clientId: key.clientId, scopes: ['leitura'] });

    expect(responses).to.include.members(['POST /oauth/token 200', 'GET /api/v1/me 200']);
    expect(problems, 'console errors or CSP violations').to.deep.equal([]);
  });
});
