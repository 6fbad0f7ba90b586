import { FieldsError, type AppError } from '../errors/app-error.ts';
import { dateTimeIn, TIME_ZONE } from '../time-zone.ts';

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

export function printLines(...lines: string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Left-aligned columns separated by two spaces; the header is followed by a dashed rule. */
export function printTable(headers: string[], rows: string[][]): void {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  printLines(line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Date and time in the Tribunal's time zone, as the portal shows them (`AAAA-MM-DD HH:MM`); a dash when absent. */
export function formatDateTime(date: Date | null): string {
  return date === null ? '—' : dateTimeIn(TIME_ZONE, date);
}

/** Multi-line messages (e.g. ConfigError) folded into one line. */
export function oneLine(message: string): string {
  const [first = '', ...rest] = message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  return rest.length === 0 ? first : `${first} ${rest.join('; ')}`;
}

/** An AppError as one line: `field: message` pairs joined by "; ", or the message itself. */
export function describeAppError(err: AppError): string {
  if (err instanceof FieldsError) {
    const pairs = Object.entries(err.fields).map(([field, message]) => (field === '_' ? message : `${field}: ${message}`));
    // "a: CPF inválido; b: Informe o e-mail." rather than "a: CPF inválido.; b: …"
    if (pairs.length > 0) return oneLine(pairs.map((pair, i) => (i < pairs.length - 1 ? pair.replace(/\.$/, '') : pair)).join('; '));
  }
  return oneLine(err.message);
}
