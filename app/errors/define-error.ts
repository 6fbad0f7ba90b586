/** Field-level validation messages (pt-BR), keyed by field name. */
export type FieldErrors = Record<string, string>;

/** The one error hierarchy: a stable upper-case code, an HTTP status, and whether the message may be shown. */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.expose = status < 500;
  }
}

/** An error about particular fields of the input, each with its pt-BR message. */
export abstract class FieldsError extends AppError {
  readonly fields: FieldErrors;

  constructor(status: number, code: string, fields: FieldErrors, message: string) {
    super(status, code, message);
    this.fields = fields;
  }
}

/** What the catalog says of one code: its status, its default pt-BR message and the pt-BR description integrators read. */
export interface ErrorSpec<C extends string = string> {
  readonly status: number;
  readonly code: C;
  readonly message: string;
  readonly description: string;
}

interface Texts {
  message: string;
  description: string;
}

const specs = new Map<string, ErrorSpec>();

function define<const C extends string>(status: number, code: C, texts: Texts): ErrorSpec<C> {
  if (specs.has(code)) throw new Error(`error code ${code} is defined twice`);
  const spec = { status, code, message: texts.message, description: texts.description };
  specs.set(code, spec);
  return spec;
}

/** Every code of the catalog, in the order defined. */
export function errorSpecs(): ErrorSpec[] {
  return [...specs.values()];
}

export function errorSpec(code: string): ErrorSpec {
  const spec = specs.get(code);
  if (!spec) throw new Error(`error code ${code} is not in the catalog`);
  return spec;
}

type Base = abstract new (status: number, code: string, message: string) => AppError;
type FieldsBase = abstract new (status: number, code: string, fields: FieldErrors, message: string) => FieldsError;

/**
 * The class of one code (node-oidc-provider's `E()`), thrown with the catalog's message or a more precise one; `base`
 * puts it in a family callers catch together (e.g. StateConflictError).
 */
export function E<const C extends string>(status: number, code: C, texts: Texts, base: Base = AppError) {
  const spec = define(status, code, texts);
  return class extends base {
    static readonly spec = spec;
    declare readonly code: C;

    constructor(message: string = spec.message) {
      super(status, code, message);
    }
  };
}

/** The same for an error about fields of the input: thrown with each field's message. */
export function F<const C extends string>(status: number, code: C, texts: Texts, base: FieldsBase = FieldsError) {
  const spec = define(status, code, texts);
  return class extends base {
    static readonly spec = spec;
    declare readonly code: C;

    constructor(fields: FieldErrors, message: string = spec.message) {
      super(status, code, fields, message);
    }
  };
}
