import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { browserOrSkip, startLiveApp, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { tokenRequest } from '../support/oauth.ts';
import { callerFor } from '../support/services.ts';

/** Two clicks 5 ms apart on a button: a double click, as a browser sends it (Playwright's dblclick is too gentle). */
async function doubleClick(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name });
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  if (!box) throw new Error(`no button ${name}`);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await new Promise((resolve) => setTimeout(resolve, 5));
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

describe('portal in a real browser: a double click on Renovar segredo or Salvar', function () {
  this.timeout(120_000);
  let live: LiveApp;
  let browser: Browser;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    people = await createUgWithPeople(live.t.services);
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  async function signedIn(javaScriptEnabled: boolean): Promise<Page> {
    const context = await browser.newContext({ locale: 'pt-BR', javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(`${live.baseUrl}/login`);
    await page.getByLabel('E-mail').fill(people.gestor.email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
    return page;
  }

  const renewals = async (id: number) =>
    Number(
      (
        await live.t.database
          .db('audit_events')
          .where({ action: 'integration.secret_renewed', target_id: String(id) })
          .count({ n: '*' })
      )[0]?.n,
    );

  // Without JavaScript both clicks reach the server: the page the browser keeps is the second one's, which renews nothing.
  for (const javaScriptEnabled of [true, false]) {
    it(`renews once and shows the secret that works (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const { integration, clientSecret: old } = await live.t.services.integrations.create(callerFor(people.gestor), people.ug.id, {
        descricao: `Sistema de protocolo (JavaScript ${javaScriptEnabled})`,
        permissao: 'leitura',
      });
      const page = await signedIn(javaScriptEnabled);
      await page.goto(`${live.baseUrl}/unidades-gestoras/${people.ug.id}/integracoes/${integration.id}/renovar`);
      await doubleClick(page, 'Renovar segredo');
      await page.getByRole('heading', { name: 'Segredo renovado' }).waitFor();
      const shown = await page.locator('#client-secret').inputValue();
      await tokenRequest(live.t.app, { clientId: integration.clientId, clientSecret: old }).expect(401);
      await tokenRequest(live.t.app, { clientId: integration.clientId, clientSecret: shown }).expect(200);
      expect(await renewals(integration.id)).to.equal(1);
      await page.reload();
      await page.getByRole('heading', { name: 'Segredo já exibido' }).waitFor();
      await page.context().close();
    });
  }

  it('saves a new key once, with the credentials shown, and says it was created', async () => {
    const page = await signedIn(true);
    await page.goto(`${live.baseUrl}/unidades-gestoras/${people.ug.id}/integracoes/adicionar`);
    const clientId = await page.locator('#client-id').inputValue();
    const clientSecret = await page.locator('#client-secret').inputValue();
    await page.getByLabel('Descrição').fill('Sistema de folha — clique duplo');
    await doubleClick(page, 'Salvar');
    await page.getByText('Integração criada.').waitFor();
    const [saved] = await live.t.database.db('integracoes').where({ client_id: clientId }).count({ n: '*' });
    expect(Number(saved?.n)).to.equal(1);
    await tokenRequest(live.t.app, { clientId, clientSecret }).expect(200);
    await page.context().close();
  });
});
