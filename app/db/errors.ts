/** Translates driver errors into dialect-independent facts, in one place for SQLite and PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code } = err as { code?: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * The columns a unique violation names: PostgreSQL says `Key (codigo)=(…) already exists.` in `detail`, SQLite says
 * `UNIQUE constraint failed: unidades_gestoras.codigo` in the message.
 */
export function uniqueViolationColumns(err: unknown): string[] {
  const { detail, message } = err as { detail?: string; message?: string };
  const pg = detail ? /Key \(([^)]+)\)=/.exec(detail) : null;
  if (pg?.[1]) return pg[1].split(',').map((c) => c.trim());
  const sqlite = message ? /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec(message) : null;
  if (sqlite?.[1]) return sqlite[1].split(', ').map((c) => c.slice(c.indexOf('.') + 1));
  return [];
}
