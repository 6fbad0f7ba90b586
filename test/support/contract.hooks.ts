import type { Context } from 'mocha';
import { suiteContractLog } from './contract-recorder.ts';

/** Root hooks (loaded by .mocharc.json): name the test each response belongs to, and fail on undocumented ones. */
export const mochaHooks = {
  beforeEach(this: Context) {
    suiteContractLog.currentTest = this.currentTest?.fullTitle() ?? '(unknown test)';
  },
  afterAll() {
    const { checked, violations } = suiteContractLog;
    if (violations.length === 0) {
      if (checked > 0) console.log(`  contract: ${checked} /api responses match the OpenAPI document`);
      return;
    }
    const lines = violations.map((v) => `- ${v.test}\n  ${v.exchange}\n${v.problems.map((p) => `    ${p}`).join('\n')}`);
    throw new Error(`${violations.length} of ${checked} /api responses do not match the OpenAPI document:\n${lines.join('\n')}`);
  },
};
