import { ConflictError, type FieldErrors } from '../errors/app-error.ts';

/** Translates driver errors into dialect-independent facts, in one place for SQLite and PostgreSQL. */
export function isUniqueViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code } = err as { code?: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

interface Violation {
  table: string | null;
  columns: string[];
}

/** PostgreSQL names the table in `table` and the columns in `detail`: `Key (ug_id, ano)=(…) already exists.` */
function postgresViolation(err: { table?: string; detail?: string }): Violation | null {
  const columns = err.detail ? /Key \(([^)]+)\)=/.exec(err.detail)?.[1] : undefined;
  return columns ? { table: err.table ?? null, columns: columns.split(',').map((c) => c.trim()) } : null;
}

/** SQLite names both in the message: `UNIQUE constraint failed: contratacoes.ug_id, contratacoes.ano`. */
function sqliteViolation(err: { message?: string }): Violation | null {
  const names = err.message ? /UNIQUE constraint failed: ([\w.]+(?:, [\w.]+)*)/.exec(err.message)?.[1] : undefined;
  if (!names) return null;
  const qualified = names.split(', ');
  return { table: qualified[0]?.split('.')[0] ?? null, columns: qualified.map((c) => c.slice(c.indexOf('.') + 1)) };
}

const camelCase = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * A write a unique constraint refused (Directus's RecordNotUnique), answered as the CONFLICT of the field it names;
 * `table` and `columns` say which constraint, in either dialect.
 */
export class RecordNotUniqueError extends ConflictError {
  readonly table: string | null;
  readonly columns: string[];

  constructor(violation: Violation, fields: FieldErrors, detail: string | undefined, cause: unknown) {
    super(fields, detail);
    this.table = violation.table;
    this.columns = violation.columns;
    this.cause = cause;
  }
}

/**
 * The one translation of database errors: a unique violation becomes a RecordNotUniqueError showing the domain's
 * message of the first field in `fields` whose column the constraint names (its first field when none is named);
 * `detail` replaces the conflict's generic one. Any other error is returned as it is.
 */
export function translateDatabaseError(err: unknown, fields: FieldErrors, detail?: string): unknown {
  if (!isUniqueViolation(err)) return err;
  const violation = postgresViolation(err as object) ?? sqliteViolation(err as object) ?? { table: null, columns: [] };
  const named = violation.columns.map(camelCase);
  const [field, message] = Object.entries(fields).find(([name]) => named.includes(name)) ?? Object.entries(fields)[0] ?? ['_', ''];
  return new RecordNotUniqueError(violation, { [field]: message }, detail, err);
}
