/** One measured scenario: an unreported warm-up, then the measured autocannon run; errors make it invalid. */
import autocannon from 'autocannon';
import { sampleUsage } from './usage.ts';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Peak resident memory of each of the server's processes during the measured run (MiB), the started one first. */
  rssMiB: number[];
  /**
   * CPU time the server's processes spent per answer (µs): less disturbed than req/s by other processes taking turns
   * on the same cores.
   */
  cpuUsPerRequest: number;
}

export interface Load {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** What changes from one request to the next (a rotating key, a unique body): merged into each request. */
  perRequest?: () => { headers?: Record<string, string>; body?: string };
}

export interface LoadSettings {
  connections: number;
  duration: number;
  warmup: number;
}

export interface Measurement {
  figures: Figures;
  /** What went wrong (non-2xx responses, errors, timeouts): the figures are worthless when not empty. */
  problems: string[];
}

function options(load: Load, connections: number, duration: number): autocannon.Options {
  const { perRequest } = load;
  return {
    url: load.url,
    connections,
    duration,
    method: load.method ?? 'GET',
    headers: load.headers,
    body: load.body,
    requests: perRequest
      ? [
          {
            setupRequest: (request) => {
              const { headers, body } = perRequest();
              if (headers) request.headers = { ...request.headers, ...headers };
              if (body !== undefined) request.body = body;
              return request;
            },
          },
        ]
      : undefined,
  };
}

/** A warm-up may end before a slow page's first answer: only what the server answered wrongly counts there. */
function problemsOf(phase: string, result: autocannon.Result, warmup = false): string[] {
  const problems: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}×${count}`);
    problems.push(`${phase}: ${result.non2xx} non-2xx responses (${codes.join(', ')})`);
  }
  if (result.errors > 0) problems.push(`${phase}: ${result.errors} errors (${result.timeouts} timeouts)`);
  if (result['2xx'] === 0 && !warmup) problems.push(`${phase}: no successful response at all`);
  return problems;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Loads the server whose process is `pid` (and its workers) as `load` says; `name` labels the problems found. */
export async function measure(name: string, load: Load, pid: number, settings: LoadSettings): Promise<Measurement> {
  const problems: string[] = [];
  if (settings.warmup > 0) {
    const warmup = await autocannon(options(load, settings.connections, settings.warmup));
    problems.push(...problemsOf(`${name} warm-up`, warmup, true));
  }
  const usage = sampleUsage(pid);
  const result = await autocannon(options(load, settings.connections, settings.duration));
  const { rssMiB, cpuSeconds } = usage.stop();
  problems.push(...problemsOf(name, result));
  return {
    figures: {
      rps: round(result.requests.average, 1),
      p50: round(result.latency.p50, 2),
      p99: round(result.latency.p99, 2),
      rssMiB: rssMiB.map((mib) => round(mib, 1)),
      cpuUsPerRequest: result.requests.total > 0 ? round((cpuSeconds * 1e6) / result.requests.total, 0) : 0,
    },
    problems,
  };
}
