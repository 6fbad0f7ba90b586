import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const redoclyCli = path.join(path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: Array<{ ruleId: string; severity: string; message: string; location: Array<{ pointer: string }> }>;
}

/** `redocly lint` on a document, with the repository's redocly.yaml; the CLI exits non-zero on errors, so read its JSON. */
async function lint(document: unknown): Promise<LintReport> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cidades-lint-'));
  const file = path.join(dir, 'openapi.json');
  fs.writeFileSync(file, JSON.stringify(document));
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const args = [redoclyCli, 'lint', file, '--config', path.join(root, 'redocly.yaml'), '--format', 'json'];
  try {
    const { stdout } = await run(process.execPath, args, { env, cwd: dir }).catch((err: { stdout?: string }) => ({
      stdout: err.stdout ?? '',
    }));
    return JSON.parse(stdout) as LintReport;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the OpenAPI document passes `redocly lint`', function () {
  this.timeout(60_000);
  let t: TestApp;
  let document: { paths: Record<string, Record<string, unknown>> };

  before(async () => {
    t = await createTestApp();
    document = (await request(t.app).get('/api/openapi.json').expect(200)).body;
  });
  after(() => t.close());

  it('with no errors under redocly.yaml', async () => {
    const report = await lint(document);
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(errors).to.deep.equal([]);
    expect(report.totals.errors).to.equal(0);
  });

  it('and the same lint does catch an operation without its error responses', async () => {
    const [firstPath, item] = Object.entries(document.paths).find(([, operations]) => operations.get) ?? [];
    const broken = {
      ...document,
      paths: { ...document.paths, [String(firstPath)]: { get: { ...(item?.get as object), responses: { 200: { description: 'ok' } } } } },
    };
    const report = await lint(broken);
    expect(report.problems.map((p) => p.ruleId)).to.include('operation-4xx-response');
    expect(report.totals.errors).to.be.greaterThan(0);
  });
});
