/** The bench's figures over its rounds: medians per scenario, ratios round by round, as a table or one JSON document. */
import type { Figures, LoadSettings } from './load.ts';
import type { RatioSpec, ScenarioSpec, ServerSpec } from './scenarios.ts';

export interface Settings extends LoadSettings {
  rounds: number;
  /** Contratações in the demo database, and in the listing measured. */
  demoRows: number;
  listedRows: number;
  keys: { few: number; many: number };
  node: string;
  cpus: number;
  /** os.loadavg() at the start and the end: what else the machine was doing. */
  loadAverage: { before: number[]; after: number[] };
}

export interface ScenarioResult {
  label: string;
  server: string;
  processes: number;
  connections: number;
  /** Medians over the rounds. */
  rps: number;
  p50: number;
  p99: number;
  /** Peak RSS of each process over the rounds (MiB), the started one first (a cluster's primary), then its workers. */
  rssMiB: number[];
  cpuUsPerRequest: number;
  rounds: Figures[];
}

export interface RatioResult {
  label: string;
  /** Median, lowest and highest of the per-round ratios. */
  median: number;
  min: number;
  max: number;
  rounds: number[];
  target?: number;
  pass?: boolean;
}

export interface Report {
  settings: Settings;
  scenarios: Record<string, ScenarioResult>;
  ratios: Record<string, RatioResult>;
  /** Scenarios that started while other processes were using the CPU: their figures are unreliable. */
  busy: Array<{ round: number; scenario: string; otherCpu: number }>;
  /** What made figures invalid (errors, non-2xx answers). */
  problems: string[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));

/** Per-process peaks over rounds: the highest each process reached in any round. */
function peakRss(rounds: Figures[]): number[] {
  const peaks: number[] = [];
  for (const { rssMiB } of rounds) rssMiB.forEach((mib, i) => (peaks[i] = Math.max(peaks[i] ?? 0, mib)));
  return peaks;
}

export function summarize(
  settings: Settings,
  rounds: Array<Record<string, Figures>>,
  specs: { scenarios: ScenarioSpec[]; servers: ServerSpec[]; ratios: RatioSpec[] },
  busy: Report['busy'],
  problems: string[],
): Report {
  const scenarios: Record<string, ScenarioResult> = {};
  for (const scenario of specs.scenarios) {
    const figures = rounds.flatMap((r) => r[scenario.name] ?? []);
    if (figures.length === 0) continue;
    const server = specs.servers.find((s) => s.name === scenario.server) as ServerSpec;
    scenarios[scenario.name] = {
      label: scenario.label,
      server: server.label,
      processes: server.processes,
      connections: Math.min(settings.connections, scenario.connections ?? settings.connections),
      rps: round(median(figures.map((f) => f.rps)), 1),
      p50: round(median(figures.map((f) => f.p50)), 2),
      p99: round(median(figures.map((f) => f.p99)), 2),
      rssMiB: peakRss(figures),
      cpuUsPerRequest: round(median(figures.map((f) => f.cpuUsPerRequest)), 0),
      rounds: figures,
    };
  }
  const ratios: Record<string, RatioResult> = {};
  for (const ratio of specs.ratios) {
    const values = rounds
      .filter((r) => ratio.uses.every((name) => r[name]))
      .map((r) =>
        round(
          ratio.value((name) => (r[name] as Figures).rps),
          3,
        ),
      );
    if (values.length === 0) continue;
    const value = round(median(values), 3);
    ratios[ratio.name] = {
      label: ratio.label,
      median: value,
      min: Math.min(...values),
      max: Math.max(...values),
      rounds: values,
      ...(ratio.target === undefined ? {} : { target: ratio.target, pass: value >= ratio.target }),
    };
  }
  return { settings, scenarios, ratios, busy, problems };
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

export function table(report: Report): string {
  const { settings: s } = report;
  const lines = [
    `${s.rounds} interleaved rounds, ${s.connections} connections, ${s.warmup} s warm-up + ${s.duration} s per scenario; ` +
      `Node ${s.node}, ${s.cpus} CPUs; load average ${s.loadAverage.before.map((l) => l.toFixed(2)).join(' ')} before, ` +
      `${s.loadAverage.after.map((l) => l.toFixed(2)).join(' ')} after`,
    `keys: ${s.keys.few} and ${thousands(s.keys.many)}; demo: ${thousands(s.demoRows)} contratações, ${thousands(s.listedRows)} in the listing measured`,
    "figures: medians over the rounds; CPU: the server processes' time per answer; RSS: peak per process (MiB), a cluster's primary first",
    '',
    `${'scenario'.padEnd(15)}${'what'.padEnd(45)}${'server'.padEnd(38)}${'procs'.padStart(6)}${'conns'.padStart(6)}${'req/s'.padStart(9)}` +
      `${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'CPU µs/req'.padStart(12)}  RSS MiB`,
  ];
  for (const [name, r] of Object.entries(report.scenarios)) {
    lines.push(
      `${name.padEnd(15)}${r.label.padEnd(45)}${r.server.padEnd(38)}${String(r.processes).padStart(6)}` +
        `${String(r.connections).padStart(6)}${thousands(r.rps).padStart(9)}` +
        `${r.p50.toFixed(1).padStart(9)}${r.p99.toFixed(1).padStart(9)}${thousands(r.cpuUsPerRequest).padStart(12)}  ${r.rssMiB.map((m) => m.toFixed(0)).join(' + ')}`,
    );
  }
  lines.push('', 'ratios of req/s, round by round, between servers running as many processes (1 each unless said) in the same round:');
  lines.push(`${'ratio'.padEnd(28)}${'what'.padEnd(56)}${'median'.padStart(7)}${'min–max'.padStart(14)}  target`);
  for (const [name, r] of Object.entries(report.ratios)) {
    const target = r.target === undefined ? '' : `≥ ${r.target.toFixed(2)} ${r.pass ? 'PASS' : 'FAIL'}`;
    lines.push(
      `${name.padEnd(28)}${r.label.padEnd(56)}${r.median.toFixed(2).padStart(7)}${`${r.min.toFixed(2)}–${r.max.toFixed(2)}`.padStart(14)}  ${target}`,
    );
  }
  if (report.busy.length > 0) {
    const which = report.busy.map((b) => `${b.scenario} (round ${b.round}, ${(b.otherCpu * 100).toFixed(0)}%)`).join(', ');
    lines.push('', `NOTE: other processes were using the CPU before ${which}: those figures are unreliable; rerun on a quiet machine`);
  }
  for (const problem of report.problems) lines.push(`WARNING: ${problem} — these figures are not valid`);
  return lines.join('\n');
}
