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

/**
 * PostgreSQL's SQLSTATEs of a server away or overwhelmed: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03
 * cannot_connect_now (starting up), 57014 query_canceled (statement_timeout), 53300 too_many_connections.
 */
const unavailableStates = new Set(['57P01', '57P02', '57P03', '57014', '53300']);
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** What pg says, without a code, of a connection lost, not made in time, or a server that stopped answering. */
const unavailableMessages =
  /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|Query read timeout|Client has encountered a connection error/;

function isUnavailableCode(code: unknown): boolean {
  if (typeof code !== 'string') return false;
  return (
    unavailableStates.has(code) ||
    unavailableCodes.has(code) ||
    // Class 08: connection exceptions.
    /^08[0-9A-Z]{3}$/.test(code) ||
    code.startsWith('SQLITE_BUSY') ||
    code.startsWith('SQLITE_CANTOPEN')
  );
}

/**
 * Whether an error says the database is away rather than that a query is wrong: connection refused, reset or lost,
 * the server shutting down or starting, no connection from the pool in time (knex's KnexTimeoutError), a statement
 * past its timeout (57014), SQLite busy past its busy timeout or unable to open its file. Answered 503, logged once per
 * outage (availability.ts), in one place for both databases.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, name, message, cause } = err as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown };
  if (name === 'KnexTimeoutError' || isUnavailableCode(code)) return true;
  if (typeof message === 'string' && unavailableMessages.test(message)) return true;
  return cause !== undefined && cause !== err && isDatabaseUnavailable(cause);
}

/** A short reason for the log: the error's code and its message's first line (drivers never put a password there). */
export function unavailableReason(err: unknown): string {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const text = (typeof message === 'string' ? message : String(err)).split('\n')[0] ?? '';
  return typeof code === 'string' && !text.includes(code) ? `${code}: ${text}` : text;
}
