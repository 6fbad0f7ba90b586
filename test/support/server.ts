import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from './net.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  exited: Promise<{ code: number | null; stderr: string; stdout: string }>;
  /** What the process has written to stdout so far: its log, one JSON line each, when LOG_LEVEL is given. */
  stdout(): string;
  /** What it has written to stderr so far. */
  stderr(): string;
}

/**
 * `npm start`'s command, with the given environment (LOG_LEVEL silent unless given); `{ npm: true }` runs `npm start`
 * itself, as an operator would.
 */
export function startServer(env: Record<string, string>, { npm = false } = {}): ServerProcess {
  const [command, args] = npm ? ['npm', ['start', '--silent']] : [process.execPath, ['--import', 'tsx', 'app/server.ts']];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return {
    child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, stdout }))),
    stdout: () => stdout,
    stderr: () => stderr,
  };
}

/**
 * The process ids that answered these requests (their X-Request-Id), from the request log the server writes on stdout
 * (it must run with LOG_LEVEL info); waits for the lines, which a process writes as it finishes each answer.
 */
export async function processesAnswering(server: ServerProcess, requestIds: string[]): Promise<Set<number>> {
  for (const started = Date.now(); ; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const pids = new Map<string, number>();
    // The last piece may be a line still being written.
    for (const line of server.stdout().split('\n').slice(0, -1)) {
      if (!line.startsWith('{')) continue;
      const entry = JSON.parse(line) as { msg?: string; reqId?: string; pid?: number };
      if (entry.msg === 'request' && entry.reqId !== undefined && entry.pid !== undefined) pids.set(entry.reqId, entry.pid);
    }
    const missing = requestIds.filter((id) => !pids.has(id));
    if (missing.length === 0) return new Set(requestIds.map((id) => pids.get(id) as number));
    if (Date.now() - started > 5_000) throw new Error(`no request log line for ${missing.join(', ')}`);
  }
}

/** Notes a fetch answer's request id (X-Request-Id) in `answered`, and passes the answer on. */
export const noteRequestId = (answered: string[]) => (res: Response) => {
  answered.push(res.headers.get('x-request-id') ?? 'none');
  return res;
};

/**
 * Runs `check` round after round (0, 1…), each noting the request ids of its answers, until one round's requests were
 * answered by all `workers` processes of the server; resolves with that round. Which process accepts a fresh
 * connection is the kernel's choice (cluster.SCHED_NONE, app/supervisor.ts), so only this way can a test be sure it
 * reached each process.
 */
export async function inEveryProcess(
  server: ServerProcess,
  workers: number,
  check: (answered: string[], round: number) => Promise<void>,
  // Many: on a loaded machine one process may win every accept for a while (SCHED_NONE leaves it to the kernel).
  rounds = 30,
): Promise<number> {
  for (let round = 0; round < rounds; round++) {
    const answered: string[] = [];
    await check(answered, round);
    if ((await processesAnswering(server, answered)).size === workers) return round;
  }
  throw new Error(`in none of ${rounds} rounds of requests did all ${workers} server processes answer`);
}

/** Every process under `pid` (children, their children…), from /proc. */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // It exited while being read.
    }
  }
  const under = (p: number): number[] => (parents.get(p) ?? []).flatMap((child) => [child, ...under(child)]);
  return under(pid);
}

/** Whether process `pid` still runs (a zombie, exited but not yet reaped, does not). */
export function running(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export async function untilServing(url: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 90_000; await new Promise((resolve) => setTimeout(resolve, 200))) {
    if ((await fetch(url).catch(() => undefined))?.ok) return;
  }
  throw new Error(`${url} did not answer`);
}

/** Resolves once `url` answers; rejects, with what the process wrote to stderr, if the server exits first. */
export function untilServed(server: ServerProcess, url: string): Promise<void> {
  const died = server.exited.then(({ code, stderr }) => {
    throw new Error(`the server exited with ${code} before answering ${url}: ${stderr}`);
  });
  return Promise.race([untilServing(url), died]);
}

/** Instances of the product (`npm start`, each of `WEB_CONCURRENCY` processes) on one database, as a deployment runs them. */
export interface Instances {
  urls: string[];
  stop(): Promise<void>;
}

export async function startInstances(databaseUrl: string, count: number, env: Record<string, string> = {}): Promise<Instances> {
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const servers = ports.map((port, i) =>
    startServer({ WEB_CONCURRENCY: '1', ...env, DATABASE_URL: databaseUrl, PORT: String(port), PUBLIC_URL: urls[i] as string }),
  );
  const stop = async () => {
    for (const server of servers) server.child.kill('SIGTERM');
    await Promise.all(servers.map((server) => server.exited));
  };
  try {
    await Promise.all(servers.map((server, i) => untilServed(server, `${urls[i]}/oauth/jwks`)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { urls, stop };
}
