/** Child processes for the servers under test: started with tsx, ready when they print `ready`, stopped cleanly. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface Child {
  url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Runs `node [nodeArgs] --import tsx script` with PORT (a free port) and `env`; resolves once it is listening. */
export async function startChild(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  try {
    await new Promise<void>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`${script} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (/^ready\b/m.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited before it was ready (${signal ?? code}):\n${stderr}`));
      });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

/** Runs `work` against a child server, and stops the child whatever happens. */
export async function withChild<T>(script: string, env: Record<string, string>, nodeArgs: string[], work: (url: string) => Promise<T>): Promise<T> {
  const child = await startChild(script, env, nodeArgs);
  try {
    return await work(child.url);
  } finally {
    await child.stop();
  }
}
