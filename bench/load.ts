/** One measured scenario: an unreported warm-up, then the measured autocannon run; errors make it invalid. */
import autocannon from 'autocannon';
import { sampleRss } from './rss.ts';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Peak resident memory of each of the server's processes during the measured run (MiB), the started one first. */
  rssMiB: number[];
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

function problemsOf(phase: string, result: autocannon.Result): string[] {
  const problems: string[] = [];
  if (result.non2xx > 0) {
    const codes = Object.entries(result.statusCodeStats)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, { count }]) => `${code}×${count}`);
    problems.push(`${phase}: ${result.non2xx} non-2xx responses (${codes.join(', ')})`);
  }
  if (result.errors > 0) problems.push(`${phase}: ${result.errors} errors (${result.timeouts} timeouts)`);
  if (result['2xx'] === 0) problems.push(`${phase}: no successful response at all`);
  return problems;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Loads the server whose process is `pid` (and its workers) as `load` says; `name` labels the problems found. */
export async function measure(name: string, load: Load, pid: number, settings: LoadSettings): Promise<Measurement> {
  const problems: string[] = [];
  if (settings.warmup > 0) {
    problems.push(...problemsOf(`${name} warm-up`, await autocannon(options(load, settings.connections, settings.warmup))));
  }
  const rss = sampleRss(pid);
  const result = await autocannon(options(load, settings.connections, settings.duration));
  const peaks = rss.stop();
  problems.push(...problemsOf(name, result));
  return {
    figures: {
      rps: round(result.requests.average, 1),
      p50: round(result.latency.p50, 2),
      p99: round(result.latency.p99, 2),
      rssMiB: peaks.map((mib) => round(mib, 1)),
    },
    problems,
  };
}
