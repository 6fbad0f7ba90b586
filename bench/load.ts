/** One measured scenario: an unreported warm-up, then the measured autocannon run; errors make it invalid. */
import autocannon from 'autocannon';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

export interface Scenario {
  name: string;
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** The Authorization header of each request in turn (e.g. rotating across keys); otherwise `headers` as given. */
  authorization?: () => string;
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

function options(scenario: Scenario, connections: number, duration: number): autocannon.Options {
  const { authorization } = scenario;
  return {
    url: scenario.url,
    connections,
    duration,
    method: scenario.method ?? 'GET',
    headers: scenario.headers,
    body: scenario.body,
    requests: authorization
      ? [
          {
            setupRequest: (request) => {
              request.headers = { ...request.headers, authorization: authorization() };
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

export async function measure(scenario: Scenario, settings: LoadSettings): Promise<Measurement> {
  const problems: string[] = [];
  if (settings.warmup > 0) {
    problems.push(...problemsOf(`${scenario.name} warm-up`, await autocannon(options(scenario, settings.connections, settings.warmup))));
  }
  const result = await autocannon(options(scenario, settings.connections, settings.duration));
  problems.push(...problemsOf(scenario.name, result));
  return {
    figures: { rps: round(result.requests.average, 1), p50: round(result.latency.p50, 2), p99: round(result.latency.p99, 2) },
    problems,
  };
}
