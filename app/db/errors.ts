/** Translates driver errors into dialect-independent facts, in one place for SQLite and PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code } = err as { code?: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** The column (or constraint) named by a unique violation, when the driver says. */
export function uniqueViolationTarget(err: unknown): string {
  const e = err as { message?: string; constraint?: string; detail?: string };
  return [e.constraint, e.detail, e.message].filter(Boolean).join(' ');
}
