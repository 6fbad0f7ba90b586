import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserOrSkip, startLiveApp, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { createLogger } from '../../app/logger.ts';
import { setPreviousSecret } from '../support/rotation.ts';
import { callerFor } from '../support/services.ts';

/** Where screenshots of every page checked go, when asked for (`PORTAL_SHOTS=/tmp/portal-shots npm test`). */
const SHOTS = process.env.PORTAL_SHOTS;

describe('portal in a real browser: keyboard, form errors, and a phone-sized screen', function () {
  this.timeout(120_000);
  let live: LiveApp;
  let browser: Browser;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let keyId: number;
  let passwordLink: string;
  /** An app of its own with no user yet, so that its first-run setup link exists. */
  let fresh: LiveApp;
  let setupLink: string;

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    people = await createUgWithPeople(live.t.services);
    const { integration } = await live.t.services.integrations.create(callerFor(people.gestor), people.ug.id, {
      descricao: 'Sistema de folha de pagamento — Fornecedor X',
      permissao: 'escrita',
    });
    keyId = integration.id;
    // A notice on the landing page and on Avisos: a key whose grace just ended, its old secret used minutes before.
    const renewed = await live.t.services.integrations.create(callerFor(people.gestor), people.ug.id, {
      descricao: 'Sistema de arrecadação e tributos municipais — Fornecedor Y, ambiente de produção',
      permissao: 'leitura',
    });
    const now = Date.now();
    await setPreviousSecret(live.t.database.db, renewed.integration.id, {
      renewedAt: new Date(now - 2 * 60 * 60_000),
      validUntil: new Date(now - 60_000),
      usedAt: new Date(now - 2 * 60_000),
      usedIp: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
    });
    await live.t.services.notices.tick(createLogger('silent'));
    const reset = await live.t.services.usersAdmin.forcePasswordReset(callerFor(people.admin), people.outsider.id);
    passwordLink = `/redefinir-senha/${reset.passwordLink.token}`;
    fresh = await startLiveApp();
    setupLink = `${fresh.baseUrl}/setup/${String(await fresh.t.services.setup.issueSetupToken())}`;
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await live?.close();
    await fresh?.close();
  });

  function newContext(width: number): Promise<BrowserContext> {
    return browser.newContext({
      locale: 'pt-BR',
      viewport: { width, height: width < 600 ? 740 : 900 },
      deviceScaleFactor: width === 640 ? 2 : 1,
    });
  }

  /**
   * Neither the page nor its content scrolls sideways (a wide table inside `main` would), and each control is on
   * the page, whole, within its width.
   */
  async function expectInReach(page: Page, name: string, controls: Locator[]) {
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      inner: window.innerWidth,
      main: document.querySelector('main')?.scrollWidth ?? 0,
      mainBox: document.querySelector('main')?.clientWidth ?? 0,
    }));
    expect(widths.page, `${name}: page width`).to.be.at.most(widths.inner);
    expect(widths.main, `${name}: content width`).to.be.at.most(widths.mainBox);
    for (const control of controls) {
      const box = await control.boundingBox();
      expect(box, `${name}: in the page`).not.to.equal(null);
      expect(box?.x ?? -1, `${name}: from the left edge`).to.be.at.least(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), `${name}: within the width`).to.be.at.most(widths.inner);
    }
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}-${widths.inner}.png`), fullPage: true });
  }

  async function signedIn(email: string, width: number): Promise<{ context: BrowserContext; page: Page }> {
    const context = await newContext(width);
    const page = await context.newPage();
    await page.goto(`${live.baseUrl}/login`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
    return { context, page };
  }

  it('opens every page with a skip link as the first Tab stop, which moves to the content', async () => {
    const { context, page } = await signedIn(people.gestor.email, 1280);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Ir para o conteúdo' });
    expect(await skip.evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(await skip.isVisible()).to.equal(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('conteudo');
    await context.close();
  });

  it('shows a sign-in refusal once, in a summary that takes the focus, with the field marked', async () => {
    const context = await browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(`${live.baseUrl}/login`);
    await page.getByLabel('E-mail').fill(people.gestor.email);
    await page.getByLabel('Senha').fill('errada-errada-errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Há 1 problema a corrigir' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).to.equal(true);
    expect(await page.getByText('E-mail ou senha incorretos.').count()).to.equal(1);
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).to.equal('true');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'login-erro-1280.png'), fullPage: true });
    await context.close();
  });

  it('on Adicionar, Salvar without a description: the summary takes the focus and links to the field; the draft stays', async () => {
    const { context, page } = await signedIn(people.gestor.email, 1280);
    await page.goto(`${live.baseUrl}/unidades-gestoras/${people.ug.id}/integracoes/adicionar`);
    const secret = await page.locator('#client-secret').inputValue();
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: 'Há 1 problema a corrigir' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).to.equal(true);
    expect(await page.getByLabel('Descrição').getAttribute('aria-invalid')).to.equal('true');
    expect(await page.locator('#client-secret').inputValue(), 'the same draft').to.equal(secret);
    await page.getByRole('link', { name: 'Informe a descrição da integração.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('descricao');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'adicionar-erro-1280.png'), fullPage: true });
    await context.close();
  });

  it('on Editar, Salvar without a description: the summary takes the focus and links to the field', async () => {
    const { context, page } = await signedIn(people.gestor.email, 360);
    await page.goto(`${live.baseUrl}/unidades-gestoras/${people.ug.id}/integracoes/${keyId}/editar`);
    await page.getByLabel('Descrição').fill('');
    await page.getByRole('button', { name: 'Salvar' }).click();
    await page.getByRole('heading', { name: 'Há 1 problema a corrigir' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).to.equal(true);
    expect(await page.getByLabel('Descrição').getAttribute('aria-invalid')).to.equal('true');
    await page.getByRole('link', { name: 'Informe a descrição da integração.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).to.equal('descricao');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'editar-erro-360.png'), fullPage: true });
    await context.close();
  });

  const gestorPages = () => [
    ['unidades-gestoras', '/unidades-gestoras', 'Ações', 'Ver a integração', 'Dispensar'],
    ['avisos', '/avisos', 'Ver a integração', 'Dispensar'],
    ['integracoes', `/unidades-gestoras/${people.ug.id}/integracoes`, 'Editar', 'Renovar segredo', 'Excluir'],
    ['adicionar', `/unidades-gestoras/${people.ug.id}/integracoes/adicionar`],
    ['editar', `/unidades-gestoras/${people.ug.id}/integracoes/${keyId}/editar`],
    ['renovar', `/unidades-gestoras/${people.ug.id}/integracoes/${keyId}/renovar`],
    [
      'integracao',
      `/unidades-gestoras/${people.ug.id}/integracoes/${keyId}`,
      'Renovar segredo',
      'Ver os números de cada dia em tabela',
      'Excluir integração',
    ],
    ['segredo-ja-exibido', `/unidades-gestoras/${people.ug.id}/integracoes/${keyId}/segredo`],
    ['auditoria-ug', `/unidades-gestoras/${people.ug.id}/auditoria`],
    ['404', '/nao-existe'],
  ];
  const adminPages = () => [
    ['admin-ugs', '/admin/unidades-gestoras', 'Membros', 'Editar', 'Desativar', 'Excluir'],
    ['admin-ug-nova', '/admin/unidades-gestoras/nova'],
    ['admin-ug-membros', `/admin/unidades-gestoras/${people.ug.id}/membros`, 'Tornar gestor', 'Remover', 'Adicionar'],
    ['admin-usuarios', '/admin/usuarios', 'Alterar', 'Desativar', 'Forçar redefinição de senha'],
    ['admin-usuario-novo', '/admin/usuarios/novo'],
    ['admin-integracoes', '/admin/integracoes', 'Bloquear', 'Renovar segredo', 'Excluir'],
    ['admin-auditoria', '/admin/auditoria'],
  ];
  /** The pages of someone signed out, each with its form's fields and buttons (all of them are checked). */
  const signedOutPages = (): Array<[string, string]> => [
    ['login', `${live.baseUrl}/login`],
    ['setup', setupLink],
    ['definir-senha', `${live.baseUrl}${passwordLink}`],
    ['acessibilidade', `${live.baseUrl}/acessibilidade`],
    // Signed out, an unknown address leads to the sign-in; a spent or unknown link is the 404 page.
    ['404', `${live.baseUrl}/redefinir-senha/nao-existe`],
  ];

  // 640 px: a 1280 px screen at 200% zoom.
  for (const width of [1280, 640, 360]) {
    it(`at ${width} px wide, a renewed secret is shown in full reach: field, copy buttons, then "já exibido" on reload`, async () => {
      const { context, page } = await signedIn(people.gestor.email, width);
      await page.goto(`${live.baseUrl}/unidades-gestoras/${people.ug.id}/integracoes/${keyId}/renovar`);
      await page.getByRole('button', { name: 'Renovar segredo' }).click();
      await page.getByRole('heading', { name: 'Segredo renovado' }).waitFor();
      const innerWidth = await page.evaluate(() => window.innerWidth);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(innerWidth);
      for (const control of [page.locator('#client-secret'), page.getByRole('button', { name: 'Copiar client secret' })]) {
        const box = await control.boundingBox();
        expect(box && box.width > 150 && box.x + box.width <= innerWidth, 'wide enough, within the page').to.equal(true);
      }
      expect(await page.locator('#client-secret').evaluate((el) => getComputedStyle(el).fontFamily)).to.match(/mono/i);
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `segredo-renovado-${width}.png`), fullPage: true });
      await page.reload();
      await page.getByRole('heading', { name: 'Segredo já exibido' }).waitFor();
      await context.close();
    });

    it(`at ${width} px wide, no page scrolls sideways and the menu and Sair stay in sight`, async () => {
      for (const [who, pages] of [
        [people.gestor.email, gestorPages()],
        [people.admin.email, adminPages()],
      ] as const) {
        const { context, page } = await signedIn(who, width);
        for (const [name, address, ...actions] of pages) {
          await page.goto(`${live.baseUrl}${address}`);
          await expectInReach(page, `${name}`, [
            page.getByRole('button', { name: 'Sair' }),
            page.getByRole('heading', { level: 1 }),
            ...actions.map((action) => page.getByRole('main').locator('a, summary, button', { hasText: action }).first()),
          ]);
        }
        await context.close();
      }
    });

    it(`at ${width} px wide, signed out: sign-in, first-run setup, password link, Acessibilidade and 404 in reach`, async () => {
      const context = await newContext(width);
      const page = await context.newPage();
      for (const [name, address] of signedOutPages()) {
        const response = await page.goto(address);
        expect(response?.status(), name).to.equal(name === '404' ? 404 : 200);
        const fields = page.getByRole('main').locator('input:not([type=hidden]), select, textarea, button');
        if (name !== 'acessibilidade' && name !== '404') expect(await fields.count(), `${name}: a form`).to.be.above(1);
        await expectInReach(page, `anonimo-${name}`, [page.getByRole('heading', { level: 1 }), ...(await fields.all())]);
      }
      await context.close();
    });
  }
});
