import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cidades` as a user would, on the given database, with the given standard input. */
export function runCli(databaseUrl: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  // The pepper is the one stored in the test database (as for `services`), never one from the environment.
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    SECRET_PEPPER: undefined,
    SESSION_SECRET: undefined,
    LOG_LEVEL: undefined,
    ...options.env,
  };
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['app/cli/cidades.js', ...args],
      { cwd: root, env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}
