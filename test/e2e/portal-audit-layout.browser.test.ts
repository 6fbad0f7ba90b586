import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { AuditRepository } from '../../app/audit/audit.repository.ts';
import { auditActions, auditEvent } from '../../app/audit/audit-events.ts';
import { browserOrSkip, startLiveApp, WIDTHS, type LiveApp } from '../support/browser.ts';
import { createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { callerFor } from '../support/services.ts';

/** Where screenshots go, when asked for (`PORTAL_SHOTS=/tmp/portal-shots`). */
const SHOTS = process.env.PORTAL_SHOTS;

describe('portal in a real browser: the Auditoria pages at 1280 and 360 px', function () {
  this.timeout(120_000);
  let live: LiveApp;
  let browser: Browser;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;

  before(async function () {
    browser = await browserOrSkip(this);
    live = await startLiveApp();
    people = await createUgWithPeople(live.t.services);
    const gestor = { ...callerFor(people.gestor), ip: '2001:db8:85a3::8a2e:370:7334' };
    const { integration } = await live.t.services.integrations.create(gestor, people.ug.id, {
      descricao: 'Sistema de folha de pagamento — Fornecedor X, módulo de envio de remessas mensais',
      permissao: 'escrita',
    });
    await live.t.services.integrationsAdmin.block(
      callerFor(people.admin),
      integration.id,
      'Segredo exposto em repositório público do fornecedor; renovar antes de desbloquear.',
    );
    await new AuditRepository(live.t.database.db).insert(
      auditEvent(callerFor(people.admin), auditActions.auditExported, {
        details: {
          ugCodigo: people.ug.codigo,
          actor: 'um.endereco.de.email.bem.comprido@prefeitura.exemplo.gov.br',
          de: '2026-11-01',
          ate: '2026-11-30',
        },
      }),
    );
    if (SHOTS) fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await live?.close();
  });

  async function signedIn(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({ locale: 'pt-BR', viewport: { width, height } });
    const page = await context.newPage();
    await page.goto(`${live.baseUrl}/login`);
    await page.getByLabel('E-mail').fill(people.admin.email);
    await page.getByLabel('Senha').fill(PASSWORD);
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByRole('heading', { name: 'Unidades Gestoras' }).waitFor();
    return page;
  }

  const pages = () => [
    ['auditoria-ug', `/unidades-gestoras/${people.ug.id}/auditoria`],
    ['admin-auditoria', '/admin/auditoria'],
  ];

  for (const { width, height } of WIDTHS) {
    it(`at ${width} px, every event's details are in sight: no sideways scroll of the page or of the table`, async () => {
      const page = await signedIn(width, height);
      for (const [name, address] of pages()) {
        await page.goto(`${live.baseUrl}${address}`);
        const sizes = await page.evaluate(() => {
          const main = document.querySelector('main') as HTMLElement;
          // The cells under the "Detalhes" header, by its position (whatever their classes).
          const column = [...document.querySelectorAll('thead th')].findIndex((th) => th.textContent?.trim() === 'Detalhes');
          const cells = [...document.querySelectorAll('tbody tr')].map((tr) => tr.children[column] as HTMLElement);
          return {
            pageWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            mainScroll: main.scrollWidth - main.clientWidth,
            detailsRight: Math.max(...cells.map((c) => c.getBoundingClientRect().right)),
            detailsWidth: Math.min(...cells.map((c) => c.getBoundingClientRect().width)),
            cells: cells.length,
          };
        });
        expect(sizes.cells, name).to.be.at.least(3);
        expect(sizes.pageWidth, `${name}: page width`).to.be.at.most(sizes.innerWidth);
        expect(sizes.mainScroll, `${name}: the table within the content`).to.be.at.most(0);
        expect(sizes.detailsRight, `${name}: Detalhes within the screen`).to.be.at.most(sizes.innerWidth);
        // Wide enough to read a line such as "Client id: cid_…" without breaking it (a card's width on a phone).
        expect(sizes.detailsWidth, `${name}: Detalhes width`).to.be.at.least(width < 600 ? 300 : 280);
        if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
      }
      await page.context().close();
    });
  }

  it('at 360 px, each event is a card: every value after its column’s name', async () => {
    const page = await signedIn(360, 740);
    await page.goto(`${live.baseUrl}/admin/auditoria`);
    const first = page.locator('table.audit tbody tr').first();
    const before = await first.locator('td').evaluateAll((tds) => tds.map((td) => getComputedStyle(td, '::before').content));
    expect(before).to.deep.equal(['"Data/hora: "', '"Ação: "', '"Quem: "', '"UG: "', '"Alvo: "', '"IP: "', '"Detalhes: "']);
    expect(await first.evaluate((tr) => getComputedStyle(tr).display)).to.equal('block');
    await page.context().close();
  });
});
