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
    const ug = await createUg(live.t.services, { codigo: 'DOCS', nome: 'Prefeitura da Documentação' });
    key = await createKey(live.t.services, ug.id, 'escrita');
    page = await browser.newPage();
    problems = await watchProblems(page);
    page.on('response', (res) => responses.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`));
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  /** Opens an operation, runs it with what Swagger UI filled in (Try it out is on), and returns its status and body. */
  async function execute(id: string): Promise<{ status: string; body: string }> {
    const operation = page.locator(`#operations-${id}`);
    await operation.locator('.opblock-summary').click();
    await operation.getByRole('button', { name: 'Execute' }).click();
    const status = operation.locator('.live-responses-table tbody .response-col_status');
    await status.waitFor();
    const body = await operation.locator('.live-responses-table .response-col_description pre').first().innerText();
    return { status: (await status.innerText()).trim(), body };
  }

  it('gets a token from /oauth/token and runs GET /v1/me with it', async () => {
    await page.goto(`${live.baseUrl}/api/docs`);
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    const dialog = page.locator('.modal-ux');
    await page.locator('#client_id_clientCredentials').fill(key.clientId);
    await page.locator('#client_secret_clientCredentials').fill(key.clientSecret);
    await dialog.getByRole('button', { name: 'Apply given OAuth2 credentials' }).click();
    await dialog.getByText('Authorized', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();

    const me = await execute('Autenticação-getMe');
    expect(me.status).to.equal('200');
    expect(JSON.parse(me.body)).to.deep.include({ clientId: key.clientId, scopes: ['leitura', 'escrita'] });

    expect(responses).to.include.members(['POST /oauth/token 200', 'GET /api/v1/me 200']);
    expect(problems, 'console errors or CSP violations').to.deep.equal([]);
  });

  it('sends a contratação from the pre-filled example body, and lists with the pre-filled filters, without editing anything', async () => {
    const created = await execute('Contratações-createContratacao');
    expect(created.status, created.body).to.equal('201');
    expect(JSON.parse(created.body)).to.deep.include({ numeroProcesso: '2026/004512', modalidade: 6 });
    const listed = await execute('Contratações-listContratacoes');
    expect(listed.status, listed.body).to.equal('200');
    expect(responses).to.include.members(['POST /api/v1/contratacoes 201', 'GET /api/v1/contratacoes 200']);
    expect(problems, 'console errors or CSP violations').to.deep.equal([]);
  });

  it('explains in Authorize that the scopes need not be ticked', async () => {
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    await page.locator('.modal-ux').getByText('não marque nenhum escopo', { exact: false }).waitFor();
  });
});
