/** Modulo-11 check digit as used by CPF and CNPJ. */
function mod11Digit(values: number[], weights: number[]): number {
  const sum = values.reduce((acc, value, i) => acc + value * (weights[i] ?? 0), 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

export function stripMask(value: string): string {
  return value.replace(/[.\-/\s]/g, '').toUpperCase();
}

/** CPF: 11 digits, two check digits, not all digits equal. Accepts masked input. */
export function normalizeCpf(value: string): string | null {
  const cpf = stripMask(value);
  if (!/^\d{11}$/.test(cpf) || /^(\d)\1{10}$/.test(cpf)) return null;
  const digits = [...cpf].map(Number);
  const d1 = mod11Digit(digits.slice(0, 9), [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = mod11Digit(digits.slice(0, 10), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  return d1 === digits[9] && d2 === digits[10] ? cpf : null;
}

const CNPJ_WEIGHTS_1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_WEIGHTS_2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/**
 * CNPJ, numeric or alphanumeric (in force since July 2026): 12 characters 0-9/A-Z valued as ASCII − 48, then two
 * numeric modulo-11 check digits. Accepts masked input; returns the 14 characters upper-cased, or null.
 */
export function normalizeCnpj(value: string): string | null {
  const cnpj = stripMask(value);
  if (!/^[0-9A-Z]{12}\d{2}$/.test(cnpj) || /^(\d)\1{13}$/.test(cnpj)) return null;
  const values = [...cnpj].map((c) => c.charCodeAt(0) - 48);
  const d1 = mod11Digit(values.slice(0, 12), CNPJ_WEIGHTS_1);
  const d2 = mod11Digit(values.slice(0, 13), CNPJ_WEIGHTS_2);
  return d1 === values[12] && d2 === values[13] ? cnpj : null;
}

export function formatCnpj(cnpj: string): string {
  return cnpj.length === 14 ? `${cnpj.slice(0, 2)}.${cnpj.slice(2, 5)}.${cnpj.slice(5, 8)}/${cnpj.slice(8, 12)}-${cnpj.slice(12)}` : cnpj;
}

export function formatCpf(cpf: string): string {
  return cpf.length === 11 ? `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}` : cpf;
}
