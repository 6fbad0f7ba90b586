import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { browserOrSkip, startLiveApp, watchProblems, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { tokenRequest } from '../support/oauth.ts';

describe("portal in a real browser: the source document's steps", function () {
  this.timeout(60_000);
  let live: LiveApp;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let baseUrl: string;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let problems: string[];

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    ({ t, baseUrl } = live);
    people = await createUgWithPeople(t.services);
    const context = await browser.newContext({ locale: 'pt-BR' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    page = await context.newPage();
    problems = await watchProblems(page);
  });

  // What the page showed when a step timed out (a refused form, an error page), to tell a slow machine from a bug.
  afterEach(async function () {
    if (this.currentTest?.state !== 'failed' || !page) return;
    console.error(
      `page at the failure: ${page.url()}\n${await page
        .locator('body')
        .innerText({ timeout: 2000 })
        .catch(() => '')}`,
    );
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  it('signs in, opens Unidade Gestora → Ações → Integrações, adds, renews and deletes a key', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('E-mail').fill(people.gestor.email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();

    await page.getByRole('navigation', { name: 'Menu lateral' }).getByRole('link', { name: 'Unidade Gestora' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(people.ug.nome) });
    await row.getByText('Ações', { exact: true }).click();
    await row.getByRole('link', { name: 'Integrações' }).click();
    await page.getByRole('heading', { name: 'Integrações' }).waitFor();

    await page.getByRole('link', { name: 'Adicionar' }).click();
    const clientId = await page.locator('#client-id').inputValue();
    const clientSecret = await page.locator('#client-secret').inputValue();
    expect(clientId).to.match(/^cid_/);
    expect(clientSecret).to.match(/^cds_/);
    expect(await page.locator('.credentials').innerText())
      .to.include('Rascunho: esta chave só passa a existir quando você clicar em Salvar.')
      .and.include('não poderá ser exibido novamente');
    expect(await page.locator('#curl-example').innerText()).to.include(`${clientId}:${clientSecret}`);

    await page.locator('button[data-copy="client-secret"]').click();
    await page.getByRole('button', { name: 'Copiado!' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(clientSecret);
    expect(await page.getByRole('status').last().innerText()).to.equal('Copiado: client secret.');
    await page.getByRole('button', { name: 'Copiar client secret' }).waitFor({ timeout: 10_000 });

    await page.getByLabel('Descrição').fill('Sistema de folha — Fornecedor X');
    await page.getByLabel('Consulta e envio de dados').check();
    await page.getByRole('button', { name: 'Salvar' }).click();

    await page.getByText('Integração criada.').waitFor();
    const keyRow = page.getByRole('row', { name: /Sistema de folha/ });
    const rowText = await keyRow.innerText();
    expect(rowText).to.include(clientId).and.include('Consulta e envio de dados').and.include('Nunca usada').and.include('Ativa');
    expect(await page.content()).not.to.include(clientSecret);

    // Back after Salvar: Adicionar is not cached, so it shows a new draft, said to be one, never the saved pair.
    await page.goBack();
    await page.getByText('Rascunho: esta chave só passa a existir quando você clicar em Salvar.').waitFor();
    expect(await page.locator('#client-id').inputValue()).not.to.equal(clientId);
    await page.goForward();
    await page.getByRole('heading', { name: 'Integrações' }).waitFor();

    await keyRow.getByRole('link', { name: 'Renovar segredo' }).click();
    // Immediately unless the gestor chooses a grace.
    expect(await page.getByRole('radio', { name: 'imediatamente' }).isChecked()).to.equal(true);
    await page.getByRole('button', { name: 'Renovar segredo' }).click();
    await page.getByRole('heading', { name: 'Segredo renovado' }).waitFor();
    const renewed = await page.locator('#client-secret').inputValue();
    expect(renewed).to.match(/^cds_/).and.not.equal(clientSecret);
    await tokenRequest(t.app, { clientId, clientSecret }).expect(401);

    // Reload, Back and Forward renew nothing: the secret just shown keeps working, and the page says it was shown.
    await page.reload();
    await page.getByRole('heading', { name: 'Segredo já exibido' }).waitFor();
    expect(await page.locator('#client-secret').count()).to.equal(0);
    await page.goBack();
    await page.getByRole('heading', { name: 'Renovar segredo' }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { name: 'Segredo já exibido' }).waitFor();
    await tokenRequest(t.app, { clientId, clientSecret: renewed }).expect(200);
    await page.getByRole('link', { name: 'Voltar às integrações' }).click();

    await page
      .getByRole('row', { name: /Sistema de folha/ })
      .getByRole('link', { name: 'Excluir' })
      .click();
    expect(await page.locator('.warning').innerText()).to.include('perderão o acesso à API');
    await page.getByRole('button', { name: 'Excluir integração' }).click();
    await page.getByText('Nenhuma integração cadastrada.').waitFor();
    await tokenRequest(t.app, { clientId, clientSecret: renewed }).expect(401);

    expect(problems, 'console errors or CSP violations').to.deep.equal([]);
  });
});
