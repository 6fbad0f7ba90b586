import fs from 'node:fs';
import type { Server } from 'node:http';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDrainingServer } from '../../app/draining-server.ts';
import { createTestApp, type TestApp } from './app.ts';
import { freePort } from './net.ts';

/** The widths every page is checked at: a desktop, and a phone (360×740). */
export const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 360, height: 740 },
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with nothing that would reach the network on its own. */
export async function launchBrowser(): Promise<Browser | null> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    if (process.env.CI) throw new Error(`Chromium not found at ${CHROMIUM_PATH}; .ci/run installs it`);
    return null;
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export interface LiveApp {
  t: TestApp;
  server: Server;
  /** Where the app listens, and its PUBLIC_URL. */
  baseUrl: string;
  close(): Promise<void>;
}

/** The whole app listening on a free port, for clients that need a real server: a browser, newman, curl. */
export async function startLiveApp(env: Record<string, string> = {}): Promise<LiveApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await createTestApp({ env: { PUBLIC_URL: baseUrl, ...env } });
  const { server } = createDrainingServer(t.app);
  server.listen(port, '127.0.0.1');
  return {
    t,
    server,
    baseUrl,
    close: async () => {
      await closeServer(server);
      await t.close();
    },
  };
}

/** Chromium, or the suite skipped with a note (failed under CI, which installs it). */
export async function browserOrSkip(ctx: Mocha.Context): Promise<Browser> {
  const launched = await launchBrowser();
  if (!launched) {
    console.warn('      (Chromium not installed: browser test skipped; `apt-get install -y chromium` to run it)');
    ctx.skip();
  }
  return launched as Browser;
}

/** Console errors, uncaught page errors and Content-Security-Policy violations of a page, as they happen. */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  // Chromium logs most CSP refusals, but not every kind: report each one explicitly.
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`)),
  );
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  return problems;
}
