import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core finding, as a line of a failure message: "rule (impact) target". */
export interface AxeFinding {
  rule: string;
  impact: string;
  target: string;
}

export interface AxeOptions {
  /** WCAG AAA's 7:1 contrast too (the high-contrast theme promises it). */
  enhancedContrast?: boolean;
}

/**
 * axe-core's findings on the page as it is now: every rule that runs by default, WCAG 2.2's target size, and optionally
 * AAA contrast. Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern (it
 * allows only 'self' scripts), so the page is checked under its real policy.
 */
export async function axeFindings(page: Page, options: AxeOptions = {}): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const rules: Record<string, { enabled: boolean }> = { 'target-size': { enabled: true } };
  if (options.enhancedContrast) rules['color-contrast-enhanced'] = { enabled: true };
  return page.evaluate(async (runRules) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
    const result = await axe.run(document, { rules: runRules, resultTypes: ['violations'] });
    return result.violations.flatMap((v) =>
      v.nodes.map((node) => ({ rule: v.id, impact: v.impact ?? 'unknown', target: node.target.join(' ') })),
    );
  }, rules);
}

/** Fails listing the findings of every page checked, one a line: "page: rule (impact) target". */
export function expectNoFindings(findings: { page: string; found: AxeFinding[] }[]): void {
  const lines = findings.flatMap(({ page, found }) => found.map((f) => `${page}: ${f.rule} (${f.impact}) ${f.target}`));
  if (lines.length > 0) throw new Error(`axe-core found ${lines.length}:\n${lines.join('\n')}`);
}
