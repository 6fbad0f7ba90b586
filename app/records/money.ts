/** Money crosses the API as a decimal string ("1234.56") and is stored as integer centavos: never a float. */
export const MONEY_PATTERN = /^\d{1,13}(\.\d{1,2})?$/;

/** "1234.5" → 123450; the string must match MONEY_PATTERN. */
export function toCentavos(decimal: string): number {
  const [reais = '0', centavos = ''] = decimal.split('.');
  return Number(reais) * 100 + Number(centavos.padEnd(2, '0'));
}

/** 123450 → "1234.50". */
export function fromCentavos(centavos: number): string {
  const reais = Math.trunc(centavos / 100);
  return `${reais}.${String(centavos % 100).padStart(2, '0')}`;
}

export function fromCentavosOrNull(centavos: number | null): string | null {
  return centavos === null ? null : fromCentavos(centavos);
}
