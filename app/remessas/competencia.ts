/**
 * A competência is a month (`AAAA-MM`) or, for annual remessas, a year (`AAAA`). It is stored as one sortable
 * integer, year × 100 + month, with month 0 for a year, so ranges are plain comparisons.
 */
export const COMPETENCIA_PATTERN = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/;

export function competenciaToInt(value: string, bound: 'start' | 'end' = 'start'): number {
  const match = COMPETENCIA_PATTERN.exec(value);
  if (!match) throw new RangeError(`competência inválida: ${value}`);
  const ano = Number(match[1]);
  // As a range's end, a bare year covers its every month.
  const mes = match[2] === undefined ? (bound === 'end' ? 12 : 0) : Number(match[2]);
  return ano * 100 + mes;
}

export function competenciaFromInt(value: number): string {
  const ano = Math.trunc(value / 100);
  const mes = value % 100;
  return mes === 0 ? String(ano) : `${ano}-${String(mes).padStart(2, '0')}`;
}
