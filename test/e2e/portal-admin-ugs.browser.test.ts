import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../support/app.ts';
import { browserOrSkip, startLiveApp, watchProblems, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';

describe("portal in a real browser: a Sys Admin changes a UG's gestor, and the new gestor sees the renewal notice", function () {
  this.timeout(60_000);
  let live: LiveApp;
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let key: Key;

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    ({ t, baseUrl } = live);
    people = await createUgWithPeople(t.services);
    // A key handed out under the previous gestor: the one the new gestor is told to renew.
    key = await createKey(t.services, people.ug.id);
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  async function signedIn(email: string): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    const problems = await watchProblems(page);
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
    return { page, problems };
  }

  it('Administração → Unidades Gestoras → Membros → Tornar gestor; then the new gestor signs in and is told to renew', async () => {
    const { page, problems } = await signedIn(people.admin.email);
    await page.getByRole('navigation', { name: 'Menu lateral' }).getByRole('link', { name: 'Cadastro de UGs', exact: true }).click();
    await page.getByRole('searchbox', { name: /Buscar/ }).fill(people.ug.codigo);
    await page.getByRole('button', { name: 'Buscar' }).click();
    const row = page.getByRole('row', { name: new RegExp(people.ug.codigo) });
    expect(await row.innerText())
      .to.include('Gestora Ana')
      .and.include('Ativa');
    await row.getByRole('link', { name: 'Membros' }).click();
    await page.getByRole('heading', { name: new RegExp(`Membros de ${people.ug.codigo}`) }).waitFor();

    await page
      .getByRole('row', { name: /Membro Bruno/ })
      .getByRole('link', { name: 'Tornar gestor' })
      .click();
    expect(await page.locator('.warning').innerText()).to.include('no lugar de Gestora Ana');
    await page.getByRole('button', { name: 'Tornar gestor' }).click();
    await page.getByText('Membro Bruno é agora o gestor desta unidade gestora.').waitFor();
    const history = await page.locator('table.history').innerText();
    expect(history)
      .to.match(/Membro Bruno[^\n]*atual/)
      .and.include('Gestora Ana');
    expect(problems, 'console errors or CSP violations (Sys Admin)').to.deep.equal([]);

    const gestor = await signedIn(people.member.email);
    const ugRow = gestor.page.getByRole('row', { name: new RegExp(people.ug.nome) });
    await ugRow.getByText('Ações', { exact: true }).click();
    await ugRow.getByRole('link', { name: 'Integrações' }).click();
    const notice = gestor.page.getByRole('region', { name: 'Você é o novo gestor desta unidade gestora' });
    await notice.waitFor();
    expect(await notice.innerText())
      .to.include(key.clientId)
      .and.include('Recomendamos renovar o segredo');
    expect(gestor.problems, 'console errors or CSP violations (new gestor)').to.deep.equal([]);
  });
});
