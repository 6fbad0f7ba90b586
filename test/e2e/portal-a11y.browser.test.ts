import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeFindings, expectNoFindings, type AxeFinding, type AxeOptions } from '../support/axe.ts';
import { browserOrSkip, startLiveApp, WIDTHS, type LiveApp } from '../support/browser.ts';
import { createUg, createUgWithPeople, createUser, PASSWORD } from '../support/fixtures.ts';
import { createLogger } from '../../app/logger.ts';
import { setPreviousSecret } from '../support/rotation.ts';
import { callerFor } from '../support/services.ts';
import { cliCaller } from '../../app/caller.ts';
import { CONTRAST_COOKIE } from '../../app/portal/accessibility.routes.ts';
import { UsageRepository } from '../../app/usage/usage.repository.ts';
import { monthOfUse } from '../support/usage.ts';

/** Where screenshots of every state checked go, when asked for (`PORTAL_SHOTS=/tmp/a11y-shots`). */
const SHOTS = process.env.PORTAL_SHOTS;

/** A state of a page: an address to open, or what to do on the page already open (submit a form, reload). */
type Step = string | ((page: Page) => Promise<unknown>);

/** Clicks a form's button and waits for the page it leads to, by its heading. */
const submit = (button: string, heading: string | RegExp) => async (page: Page) => {
  await page.getByRole('main').getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('heading', { name: heading }).first().waitFor();
};
const reload = (heading: string) => async (page: Page) => {
  await page.reload();
  await page.getByRole('heading', { name: heading }).waitFor();
};

describe('portal in a real browser: axe-core finds nothing on any page, in any state, at desktop and phone widths', function () {
  this.timeout(300_000);
  let live: LiveApp;
  let browser: Browser;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let keyId: number;
  let newGestorUgId: number;
  let passwordLink: string;
  /** Whom the Sys Admin's user pages are about (a forced password reset included): no one who signs in here. */
  let userId: number;

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    const { services } = live.t;
    people = await createUgWithPeople(services);
    const ana = callerFor(people.gestor);
    const { integration } = await services.integrations.create(ana, people.ug.id, {
      descricao: 'Sistema de folha de pagamento — Fornecedor X',
      permissao: 'escrita',
    });
    keyId = integration.id;
    // A month of use: the key page's usage chart has bars and refusals to check.
    await new UsageRepository(live.t.database.db).add(monthOfUse(integration.clientId));
    const renewed = await services.integrations.create(ana, people.ug.id, { descricao: 'Portal da transparência', permissao: 'leitura' });
    // A notice in Avisos: the key's grace just ended, its old secret used minutes before.
    const now = Date.now();
    await setPreviousSecret(live.t.database.db, renewed.integration.id, {
      renewedAt: new Date(now - 2 * 60 * 60_000),
      validUntil: new Date(now - 60_000),
      usedAt: new Date(now - 2 * 60_000),
    });
    await services.notices.tick(createLogger('silent'));
    // A UG whose gestor changed after its key was handed out: its new gestor (Bruno) sees the renewal notices.
    const other = await createUg(services, { nome: 'Câmara Municipal de Vitória' });
    await services.ugs.setGestor(other.codigo, people.gestor.email, cliCaller);
    await services.integrations.create(ana, other.id, { descricao: 'Sistema de compras', permissao: 'leitura' });
    await services.ugs.setGestor(other.codigo, people.member.email, cliCaller);
    newGestorUgId = other.id;
    userId = (await createUser(services, { nome: 'Elisa Servidora' })).id;
    passwordLink = new URL(
      `/redefinir-senha/${(await services.usersAdmin.forcePasswordReset(callerFor(people.admin), people.outsider.id)).passwordLink.token}`,
      live.baseUrl,
    ).pathname;
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  let highContrast = false;

  async function newPage(baseUrl: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: 'pt-BR', viewport, baseURL: baseUrl });
    if (highContrast) await context.addCookies([{ name: CONTRAST_COOKIE, value: 'alto', url: baseUrl }]);
    return { context, page: await context.newPage() };
  }

  async function signIn(page: Page, email: string): Promise<void> {
    await page.goto('/login');
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
  }

  /**
   * Goes through the states in order and returns axe's findings on each (in high contrast, AAA's 7:1 too), and a
   * finding of its own where the page lacks eMAG's accessibility bar or is not in the theme asked for.
   */
  async function check(page: Page, states: [string, Step][]): Promise<{ page: string; found: AxeFinding[] }[]> {
    const results = [];
    const width = page.viewportSize()?.width;
    const options: AxeOptions = { enhancedContrast: highContrast };
    for (const [name, step] of states) {
      if (typeof step === 'string') await page.goto(step);
      else await step(page);
      const found = await axeFindings(page, options);
      if ((await page.getByRole('navigation', { name: 'Atalhos de acessibilidade' }).count()) !== 1) {
        found.push({ rule: 'barra-acessibilidade', impact: 'eMAG', target: 'no accessibility bar' });
      }
      if ((await page.evaluate(() => document.documentElement.classList.contains('alto-contraste'))) !== highContrast) {
        found.push({ rule: 'alto-contraste', impact: 'eMAG', target: `high contrast ${highContrast ? 'off' : 'on'}` });
      }
      const shot = `a11y-${highContrast ? 'alto-contraste-' : ''}${name.replace(/\W+/g, '-')}-${width}.png`;
      results.push({ page: `${name} (${width} px${highContrast ? ', alto contraste' : ''})`, found });
      if (SHOTS) await page.screenshot({ path: path.join(SHOTS, shot), fullPage: true });
    }
    return results;
  }

  const gestorStates = (): [string, Step][] => {
    const ug = `/unidades-gestoras/${people.ug.id}`;
    return [
      ['inicio-gestor', '/unidades-gestoras'],
      ['integracoes', `${ug}/integracoes`],
      ['adicionar', `${ug}/integracoes/adicionar`],
      ['adicionar-erro', submit('Salvar', 'Há 1 problema a corrigir')],
      ['integracao', `${ug}/integracoes/${keyId}`],
      ['uso-tabela', (page: Page) => page.getByText('Ver os números de cada dia em tabela').click()],
      ['editar', `${ug}/integracoes/${keyId}/editar`],
      [
        'editar-erro',
        async (page) => {
          await page.getByLabel('Descrição').fill('');
          await submit('Salvar', 'Há 1 problema a corrigir')(page);
        },
      ],
      ['renovar', `${ug}/integracoes/${keyId}/renovar`],
      ['segredo-renovado', submit('Renovar segredo', 'Segredo renovado')],
      ['segredo-ja-exibido', reload('Segredo já exibido')],
      ['integracao-segredo-encerrado', `${ug}/integracoes/${keyId}`],
      [
        'segredo-renovado-com-carencia',
        async (page: Page) => {
          await page.goto(`${ug}/integracoes/${keyId}/renovar`);
          await page.getByLabel('em 24 horas').check();
          await submit('Renovar segredo', 'Segredo renovado')(page);
        },
      ],
      ['integracao-em-carencia', `${ug}/integracoes/${keyId}`],
      ['renovar-em-carencia', `${ug}/integracoes/${keyId}/renovar`],
      ['excluir', `${ug}/integracoes/${keyId}/excluir`],
      ['auditoria-ug', `${ug}/auditoria`],
      ['avisos', '/avisos'],
      ['documentacao-api', '/documentacao-api'],
      ['404-conectado', '/unidades-gestoras/999999/integracoes'],
    ];
  };

  const newGestorStates = (): [string, Step][] => [
    ['inicio-novo-gestor', '/unidades-gestoras'],
    ['integracoes-novo-gestor', `/unidades-gestoras/${newGestorUgId}/integracoes`],
    ['integracoes-anteriores', `/unidades-gestoras/${newGestorUgId}/integracoes?anteriores=1`],
  ];

  const adminStates = (): [string, Step][] => {
    const ug = `/admin/unidades-gestoras/${people.ug.id}`;
    const user = `/admin/usuarios/${userId}`;
    const key = `/admin/integracoes/${keyId}`;
    return [
      ['inicio-admin', '/unidades-gestoras'],
      ['admin-ugs', '/admin/unidades-gestoras'],
      ['admin-ug-nova', '/admin/unidades-gestoras/nova'],
      ['admin-ug-nova-erro', submit('Salvar', /problemas? a corrigir/)],
      ['admin-ug-editar', `${ug}/editar`],
      ['admin-ug-desativar', `${ug}/desativar`],
      ['admin-ug-membros', `${ug}/membros`],
      ['admin-ug-membros-erro', submit('Adicionar', /problemas? a corrigir/)],
      ['admin-ug-tornar-gestor', `${ug}/membros/${people.member.id}/tornar-gestor`],
      ['admin-usuarios', '/admin/usuarios'],
      ['admin-usuario-novo', '/admin/usuarios/novo'],
      ['admin-usuario-novo-erro', submit('Cadastrar', /problemas? a corrigir/)],
      ['admin-usuario-editar', user],
      ['admin-usuario-desativar', `${user}/desativar`],
      ['admin-usuario-redefinir', `${user}/redefinir-senha`],
      ['admin-usuario-link', submit('Forçar redefinição de senha', 'Link para definir a senha')],
      ['admin-usuario-link-ja-exibido', reload('Link já exibido')],
      ['admin-integracoes', '/admin/integracoes'],
      ['admin-integracao-bloquear', `${key}/bloquear`],
      ['admin-integracao-renovar', `${key}/renovar`],
      ['admin-integracao-segredo', submit('Renovar segredo', 'Segredo renovado')],
      ['admin-integracao-segredo-ja-exibido', reload('Segredo já exibido')],
      ['admin-auditoria', '/admin/auditoria'],
      ['admin-auditoria-erro', '/admin/auditoria?de=ontem'],
    ];
  };

  const signedOutStates = (): [string, Step][] => [
    ['login', '/login'],
    [
      'login-erro',
      async (page) => {
        await page.getByLabel('E-mail').fill(people.gestor.email);
        await page.getByLabel('Senha').fill('errada-errada-errada');
        await submit('Entrar', 'Há 1 problema a corrigir')(page);
      },
    ],
    ['definir-senha', passwordLink],
    ['definir-senha-erro', submit('Definir senha', /problemas? a corrigir/)],
    ['404', '/nao-existe'],
    ['setup-link-invalido', '/setup/nao-existe'],
    ['documentacao-api-anonimo', '/documentacao-api'],
    ['acessibilidade', '/acessibilidade'],
  ];

  for (const [viewport, contrast] of WIDTHS.flatMap(
    (v) =>
      [
        [v, false],
        [v, true],
      ] as const,
  )) {
    describe(contrast ? 'in high contrast' : 'in the default theme', () => {
      before(() => {
        highContrast = contrast;
      });

      it(`signed out at ${viewport.width} px: sign-in, password link, first-run setup, error pages`, async () => {
        const { context, page } = await newPage(live.baseUrl, viewport);
        const found = await check(page, signedOutStates());
        await context.close();
        // The setup link exists only while there is no user: a fresh app of its own.
        const fresh = await startLiveApp();
        try {
          const token = await fresh.t.services.setup.issueSetupToken();
          const setup = await newPage(fresh.baseUrl, viewport);
          found.push(
            ...(await check(setup.page, [
              ['setup', `/setup/${token}`],
              ['setup-erro', submit('Criar administrador', /problemas? a corrigir/)],
            ])),
          );
          await setup.context.close();
        } finally {
          await fresh.close();
        }
        expectNoFindings(found);
      });

      it(`as a gestor at ${viewport.width} px: the UGs, Integrações, Adicionar, renewal, the secret pages, Auditoria`, async () => {
        const { context, page } = await newPage(live.baseUrl, viewport);
        await signIn(page, people.gestor.email);
        const found = await check(page, gestorStates());
        await context.close();
        const newGestor = await newPage(live.baseUrl, viewport);
        await signIn(newGestor.page, people.member.email);
        found.push(...(await check(newGestor.page, newGestorStates())));
        await newGestor.context.close();
        expectNoFindings(found);
      });

      it(`as a Sys Admin at ${viewport.width} px: every Administração page, its confirmations and forms with errors`, async () => {
        const { context, page } = await newPage(live.baseUrl, viewport);
        await signIn(page, people.admin.email);
        const found = await check(page, adminStates());
        await context.close();
        expectNoFindings(found);
      });

      it(`Swagger UI at ${viewport.width} px: as it opens, an operation open, the Authorize dialog`, async () => {
        const { context, page } = await newPage(live.baseUrl, viewport);
        const found = await check(page, [
          [
            'api-docs',
            async (p) => {
              await p.goto('/api/docs');
              await p.locator('.opblock').first().waitFor();
            },
          ],
          [
            'api-docs-operacao',
            async (p) => {
              await p.locator('.opblock-summary').first().click();
              await p.getByRole('button', { name: 'Execute' }).first().waitFor();
            },
          ],
          [
            'api-docs-authorize',
            async (p) => {
              await p.getByRole('button', { name: 'Authorize' }).first().click();
              await p.locator('.modal-ux').waitFor();
            },
          ],
        ]);
        await context.close();
        expectNoFindings(found);
      });
    });
  }
});
