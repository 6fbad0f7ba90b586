import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserOrSkip, startLiveApp, WIDTHS, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';

/** What has the focus: its tag, text, and whether the portal's focus style shows on it. */
interface Focused {
  tag: string;
  text: string;
  visible: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'BODY', text: '', visible: false };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return {
      tag: el.tagName,
      text: (el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent ?? el.textContent ?? '').trim(),
      visible: outline || style.boxShadow !== 'none',
    };
  });

/**
 * Presses Tab (or Shift+Tab), unless it is there already, until the focus is on a control whose tag and text match, checking at each stop that the
 * focus is visible and never on <body>.
 */
async function tabTo(page: Page, tag: string, text: string | RegExp, key: 'Tab' | 'Shift+Tab' = 'Tab'): Promise<void> {
  const stops: string[] = [];
  const matches = (now: Focused) => now.tag === tag && (typeof text === 'string' ? now.text.includes(text) : text.test(now.text));
  // Already there (a field with autofocus).
  if (matches(await focused(page))) return;
  for (let i = 0; i < 80; i += 1) {
    await page.keyboard.press(key);
    const now = await focused(page);
    stops.push(`${now.tag} ${now.text}`);
    expect(now.tag, `focus lost to <body> after: ${stops.join(' → ')}`).not.to.equal('BODY');
    expect(now.visible, `focus not visible on ${now.tag} "${now.text}"`).to.equal(true);
    if (matches(now)) return;
  }
  throw new Error(`no ${tag} "${String(text)}" reached with ${key}: ${stops.join(' → ')}`);
}

describe('portal in a real browser: the keyboard alone, targets of 24 px, high contrast and the menu', function () {
  this.timeout(180_000);
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

  async function newPage(
    viewport = WIDTHS[0],
    options: { javaScriptEnabled?: boolean } = {},
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'pt-BR', viewport, baseURL: live.baseUrl, ...options });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: live.baseUrl });
    return { context, page: await context.newPage() };
  }

  const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText());

  it("walks the gestor's flow with Tab, Shift+Tab, Enter and Space: sign in, Adicionar, Salvar, copy, renew, sign out", async () => {
    const { context, page } = await newPage();
    await page.goto('/login');
    await tabTo(page, 'INPUT', 'E-mail');
    await page.keyboard.type(people.gestor.email);
    await tabTo(page, 'INPUT', 'Senha');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();

    await tabTo(page, 'SUMMARY', 'Ações');
    await page.keyboard.press('Enter');
    await tabTo(page, 'A', 'Integrações');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Integrações', exact: true }).waitFor();
    await tabTo(page, 'A', 'Adicionar');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Adicionar integração' }).waitFor();

    // Salvar without a description: the error summary has the focus, and its link leads to the field.
    await tabTo(page, 'BUTTON', 'Salvar');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Há 1 problema a corrigir' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).to.equal(true);
    await tabTo(page, 'A', 'Informe a descrição');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('descricao');
    await page.keyboard.type('Sistema de folha de pagamento');
    await tabTo(page, 'INPUT', 'Somente consulta');
    await page.keyboard.press('Space');

    // The draft's secret, copied with the keyboard before Salvar, is the one that works after it.
    const secret = await page.locator('#client-secret').inputValue();
    await tabTo(page, 'BUTTON', 'Copiar client secret', 'Shift+Tab');
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Copiado!' }).waitFor();
    expect(await clipboard(page)).to.equal(secret);
    await tabTo(page, 'BUTTON', 'Salvar');
    await page.keyboard.press('Enter');
    await page.getByRole('row', { name: /Sistema de folha de pagamento/ }).waitFor();

    await tabTo(page, 'A', 'Renovar segredo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Renovar segredo' }).waitFor();
    await tabTo(page, 'BUTTON', 'Renovar segredo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Segredo renovado' }).waitFor();
    await tabTo(page, 'BUTTON', 'Copiar client secret');
    await page.keyboard.press('Enter');
    const renewed = await page.locator('#client-secret').inputValue();
    expect(renewed).not.to.equal(secret);
    await page.getByRole('button', { name: 'Copiado!' }).waitFor();
    expect(await clipboard(page)).to.equal(renewed);

    await tabTo(page, 'BUTTON', 'Sair', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Entrar' }).waitFor();
    await context.close();
  });

  for (const viewport of WIDTHS) {
    it(`at ${viewport.width} px, every link and button of the bar, menus and contents is at least 24 px tall`, async () => {
      for (const [email, pages] of [
        [
          people.gestor.email,
          ['/unidades-gestoras', `/unidades-gestoras/${people.ug.id}/integracoes`, '/documentacao-api', '/acessibilidade'],
        ],
        [people.admin.email, ['/admin/unidades-gestoras', '/admin/usuarios', '/admin/integracoes', '/admin/auditoria']],
      ] as const) {
        const { context, page } = await newPage(viewport);
        await page.goto('/login');
        await page.getByLabel('E-mail').fill(email);
        await page.getByLabel('Senha').fill(PASSWORD);
        await page.getByRole('button', { name: 'Entrar' }).click();
        await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
        for (const address of pages) {
          await page.goto(address);
          // A link within a sentence is exempt (WCAG 2.5.8's inline exception): only those alone in their line count.
          const small = await page.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('body a, body button, body summary')]
              .filter((el) => el.getClientRects().length > 0 && !el.closest('.sr-only'))
              .filter((el) => {
                const parentText = (el.parentElement?.textContent ?? '').replace(/\s+/g, ' ').trim();
                const ownText = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
                return getComputedStyle(el).display !== 'inline' || parentText === ownText;
              })
              .filter((el) => el.getBoundingClientRect().height < 24)
              .map((el) => `${el.tagName} "${(el.textContent ?? '').trim()}" ${el.getBoundingClientRect().height.toFixed(1)} px`),
          );
          expect(small, `${address} at ${viewport.width} px`).to.deep.equal([]);
        }
        await context.close();
      }
    });
  }

  it('has eMAG’s bar on every page; "Alto contraste" switches the theme, and the choice survives a reload (with or without JavaScript)', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await newPage(WIDTHS[0], { javaScriptEnabled });
      const theme = () => page.evaluate(() => document.documentElement.classList.contains('alto-contraste'));
      await page.goto('/login');
      const bar = page.getByRole('navigation', { name: 'Atalhos de acessibilidade' });
      const shortcuts = bar.getByRole('list').getByRole('link');
      const names = await shortcuts.allInnerTexts();
      expect(names).to.deep.equal(['Ir para o conteúdo [1]', 'Ir para o menu [2]', 'Ir para o rodapé [4]']);
      expect(await shortcuts.evaluateAll((links) => links.map((a) => a.getAttribute('accesskey')))).to.deep.equal(['1', '2', '4']);
      const toggle = page.getByRole('button', { name: 'Alto contraste' });
      expect(await theme()).to.equal(false);
      await toggle.click();
      await page.waitForFunction(() => document.documentElement.classList.contains('alto-contraste'));
      expect(await toggle.getAttribute('aria-pressed')).to.equal('true');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).to.equal('rgb(0, 0, 0)');
      await page.reload();
      expect(await theme(), 'after a reload').to.equal(true);
      await page.goto('/acessibilidade');
      expect(await theme(), 'on another page').to.equal(true);
      await page.getByRole('button', { name: 'Alto contraste' }).click();
      await page.waitForFunction(() => !document.documentElement.classList.contains('alto-contraste'));
      await page.reload();
      expect(await theme(), 'switched off, after a reload').to.equal(false);
      expect(page.url()).to.match(/\/acessibilidade$/);
      await context.close();
    }
  });

  it('leads the bar\'s "Ir para a busca" to the search field, and marks "Unidade Gestora" as current apart from the admin\'s "Cadastro de UGs"', async () => {
    const { context, page } = await newPage();
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(people.admin.email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
    await page.getByRole('link', { name: 'Ir para a busca [3]' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('q');
    const menu = page.getByRole('navigation', { name: 'Menu lateral' });
    expect(await menu.getByRole('link', { name: 'Unidade Gestora', exact: true }).getAttribute('aria-current')).to.equal('page');
    await menu.getByRole('link', { name: 'Cadastro de UGs' }).click();
    await page.waitForURL(/\/admin\/unidades-gestoras$/);
    expect(await menu.getByRole('link', { name: 'Unidade Gestora', exact: true }).getAttribute('aria-current')).to.equal(null);
    expect(await menu.getByRole('link', { name: 'Cadastro de UGs' }).getAttribute('aria-current')).to.equal('page');
    await context.close();
  });
});
