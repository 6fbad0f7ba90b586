import type { KeyUsage, UsageDay, UsageRefusal } from '../usage/usage.service.ts';

/** The chart's own units (viewBox): it scales to its box, 360 px wide included. */
const WIDTH = 480;
const HEIGHT = 240;
const PLOT = { left: 56, right: 456, top: 28, bottom: 196 };
const BAR_WIDTH = 4;
/** Each day's three bars: tokens, calls, refusals, side by side. */
const SERIES = [
  { className: 'uso-tokens', value: (d: UsageDay) => d.tokens },
  { className: 'uso-chamadas', value: (d: UsageDay) => d.chamadas },
  { className: 'uso-recusas', value: (d: UsageDay) => d.totalRecusas },
] as const;
const Y_TICKS = 4;
/** A day's label under every fifth bar group, counted back from today. */
const X_LABEL_EVERY = 5;

const numbers = new Intl.NumberFormat('pt-BR');

/** What each refusal's reason means to a gestor: the token endpoint's error codes and the API's statuses. */
const tokenReasons: Record<string, string> = {
  invalid_client: 'credenciais inválidas',
  invalid_request: 'pedido inválido ou tentativas demais',
  invalid_scope: 'escopo não permitido',
  temporarily_unavailable: 'serviço indisponível',
  server_error: 'erro interno',
};
const apiStatuses: Record<string, string> = {
  '400': 'pedido inválido',
  '401': 'não autenticado',
  '403': 'sem permissão',
  '404': 'não encontrado',
  '409': 'conflito',
  '412': 'versão desatualizada',
  '429': 'pedidos demais',
  '503': 'serviço indisponível',
};

export function refusalLabel({ medida, motivo }: Pick<UsageRefusal, 'medida' | 'motivo'>): string {
  return medida === 'token' ? `Token: ${tokenReasons[motivo] ?? motivo}` : `API: ${apiStatuses[motivo] ?? 'erro'} (${motivo})`;
}

export interface UsageBar {
  className: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface UsageTick {
  /** Where its line is drawn (y) or its label centred (x). */
  at: number;
  label: string;
}

export interface UsageTableRow {
  /** DD/MM/AAAA. */
  dia: string;
  tokens: string;
  chamadas: string;
  /** "Token: credenciais inválidas: 2; API: sem permissão (403): 1", or "—". */
  recusas: string;
}

/** The chart of a key's usage as its partial (views/partials/usage-chart.ejs) draws it: every number ready to print. */
export interface UsageChartView {
  width: number;
  height: number;
  plot: typeof PLOT;
  bars: UsageBar[];
  yTicks: UsageTick[];
  xTicks: UsageTick[];
  /** The chart's accessible description: the period and its totals. */
  summary: string;
  rows: UsageTableRow[];
  totals: { tokens: string; chamadas: string; recusas: string };
}

/** DD/MM/AAAA of a day AAAA-MM-DD. */
const dayLabel = (dia: string) => dia.split('-').reverse().join('/');

/** 1, 2, 2.5 or 5 times a power of ten, a whole number: the smallest such step that puts `max` under Y_TICKS steps. */
function niceStep(max: number): number {
  const rough = Math.max(max, Y_TICKS) / Y_TICKS;
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= rough && Number.isInteger(m * power)) ?? 10) * power;
}

const round = (n: number) => Math.round(n * 100) / 100;

export function usageChart({ days, totals }: KeyUsage): UsageChartView {
  const max = Math.max(0, ...days.flatMap((d) => SERIES.map((s) => s.value(d))));
  const step = niceStep(max);
  const top = step * Y_TICKS;
  const plotHeight = PLOT.bottom - PLOT.top;
  const y = (value: number) => round(PLOT.bottom - (value / top) * plotHeight);
  const slot = (PLOT.right - PLOT.left) / days.length;
  const groupStart = (i: number) => PLOT.left + i * slot + (slot - SERIES.length * BAR_WIDTH) / 2;
  const bars = days.flatMap((day, i) =>
    SERIES.flatMap((series, s) => {
      const value = series.value(day);
      if (value === 0) return [];
      return [
        {
          className: series.className,
          x: round(groupStart(i) + s * BAR_WIDTH),
          y: y(value),
          width: BAR_WIDTH,
          height: round(PLOT.bottom - y(value)),
        },
      ];
    }),
  );
  const yTicks = Array.from({ length: Y_TICKS + 1 }, (_, i) => ({ at: y(i * step), label: numbers.format(i * step) }));
  const xTicks = days.flatMap((day, i) =>
    (days.length - 1 - i) % X_LABEL_EVERY === 0 ? [{ at: round(PLOT.left + (i + 0.5) * slot), label: dayLabel(day.dia).slice(0, 5) }] : [],
  );
  const first = days[0]?.dia ?? '';
  const last = days.at(-1)?.dia ?? '';
  const summary =
    `De ${dayLabel(first)} a ${dayLabel(last)}: ${numbers.format(totals.tokens)} tokens emitidos, ` +
    `${numbers.format(totals.chamadas)} chamadas à API e ${numbers.format(totals.recusas)} recusas. ` +
    'Os números de cada dia estão na tabela abaixo do gráfico.';
  const rows = days.map((day) => ({
    dia: dayLabel(day.dia),
    tokens: numbers.format(day.tokens),
    chamadas: numbers.format(day.chamadas),
    recusas: day.recusas.length === 0 ? '—' : day.recusas.map((r) => `${refusalLabel(r)}: ${numbers.format(r.total)}`).join('; '),
  }));
  return {
    width: WIDTH,
    height: HEIGHT,
    plot: PLOT,
    bars,
    yTicks,
    xTicks,
    summary,
    rows,
    totals: { tokens: numbers.format(totals.tokens), chamadas: numbers.format(totals.chamadas), recusas: numbers.format(totals.recusas) },
  };
}
