/** Child processes for the servers under test: started with tsx, ready when they answer HTTP, stopped cleanly. */
import { spawn } from 'node:child_process';
import { freePort } from './net.ts';

export interface Child {
  url: string;
  /** The server's process: the one serving, or the cluster's primary. */
  pid: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

async function untilAnswers(url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    try {
      await fetch(url);
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${READY_TIMEOUT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Runs `node [nodeArgs] --import tsx script` with PORT (a free port) and `env`; resolves once `readyPath` answers. */
export async function startChild(script: string, env: Record<string, string>, nodeArgs: string[], readyPath: string): Promise<Child> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, ...env, PORT: String(port), PUBLIC_URL: url },
    stdio: ['ignore', 'ignore', 'pipe'],
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

  let ready = false;
  try {
    await Promise.race([
      untilAnswers(`${url}${readyPath}`),
      exited.then(() => {
        if (!ready) throw new Error(`${script} exited before it was ready:\n${stderr}`);
      }),
    ]);
    ready = true;
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid as number, stop };
}

/** Runs `work` against a child server, and stops the child whatever happens. */
export async function withChild<T>(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[],
  readyPath: string,
  work: (url: string) => Promise<T>,
): Promise<T> {
  const child = await startChild(script, env, nodeArgs, readyPath);
  try {
    return await work(child.url);
  } finally {
    await child.stop();
  }
}
