/** Row values differ by dialect: SQLite returns epoch milliseconds and 0/1, PostgreSQL returns Date and boolean. */
export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'string')
    return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  throw new TypeError(`Valor de data inesperado: ${String(value)}`);
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** Inserts a row and returns its generated integer id on both dialects. */
export async function insertReturningId(
  query: { insert(row: object, returning: string): PromiseLike<Array<{ id: number } | number>> },
  row: object,
): Promise<number> {
  const [result] = await query.insert(row, 'id');
  if (result === undefined) throw new Error('insert returned no id');
  return typeof result === 'number' ? result : Number(result.id);
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A DATE column as `AAAA-MM-DD`: SQLite returns the string stored, PostgreSQL's driver a Date at local midnight, so
 * local getters give the calendar day back.
 */
export function toIsoDateOrNull(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return `${value.getFullYear()}-${pad2(value.getMonth() + 1)}-${pad2(value.getDate())}`;
  return String(value).slice(0, 10);
}

/** A BIGINT column as a number: PostgreSQL's driver returns it as a string. */
export function toIntOrNull(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}
