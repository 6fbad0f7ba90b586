import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { NotFoundError, UnknownParameterError, UnsupportedMediaTypeError, ValidationError, type FieldErrors } from '../errors/app-error.ts';
import { controlCharacterFields } from '../errors/parse.ts';
import type { ApiOperation } from './openapi.ts';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; undefined when there is none. */
function charsetOf(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i
    .exec(contentType)
    ?.slice(1)
    .find((value) => value !== undefined)
    ?.toLowerCase();
}

/**
 * JSON bodies up to 1 MiB (the largest write, a contratação, is a few kilobytes); larger ones answer 413. Only UTF-8
 * (RFC 8259 §8.1), said or implied: body-parser would decode any other `utf-*` and refuse the rest, but a body in
 * UTF-16 or Latin-1 is a client's mistake to show, not to guess at (415).
 */
const parseJson = express.json({ limit: '1mb', type: JSON_TYPES });

export function jsonBody(req: Request, res: Response, next: NextFunction): void {
  const charset = req.is(JSON_TYPES) ? charsetOf(req.get('Content-Type') ?? '') : undefined;
  if (charset !== undefined && charset !== 'utf-8') throw new UnsupportedMediaTypeError();
  parseJson(req, res, next);
}

/** zod's own messages in pt-BR, for the schemas that do not carry a message of their own. */
const ptBR = z.locales.ptBR().localeError;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler receives: the request's parameters, query and body, each already validated by its schema. */
export interface OperationInput<O extends ApiOperation> {
  params: Parsed<O['params']>;
  query: Parsed<O['query']>;
  headers: Parsed<O['headers']>;
  body: Parsed<O['body']>;
}

type Result = { ok: true; data: unknown } | { ok: false; fields: FieldErrors };

function validate(schema: z.ZodType, input: unknown, root: string): Result {
  const result = schema.safeParse(input, { error: ptBR });
  const refused = controlCharacterFields(input, root);
  if (result.success && Object.keys(refused).length === 0) return { ok: true, data: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error?.issues ?? []) fields[issue.path.join('.') || root] ??= issue.message;
  return { ok: false, fields: { ...fields, ...refused } };
}

const missingBody: Result = { ok: false, fields: { body: 'Envie o corpo da requisição em JSON.' } };

function readBody(schema: z.ZodType, req: Request): Result {
  const { 'content-type': type, 'content-length': length, 'transfer-encoding': chunked } = req.headers;
  if (type === undefined && !chunked && Number(length ?? 0) === 0) return missingBody;
  if (!req.is(['application/json', '+json'])) throw new UnsupportedMediaTypeError();
  return req.body === undefined ? missingBody : validate(schema, req.body, 'body');
}

/** The headers an operation declares, under the names it declares them (`If-Match`), whatever their case on the wire. */
function namedHeaders(schema: z.ZodObject, req: Request): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(schema.shape).map((name) => [name, req.get(name)]));
}

const queryNames = new WeakMap<ApiOperation, ReadonlySet<string>>();

/** The query parameters an operation declares, worked out once per operation rather than per request. */
function knownQueryNames(op: ApiOperation): ReadonlySet<string> {
  let names = queryNames.get(op);
  if (!names) {
    names = new Set(Object.keys(op.query?.shape ?? {}));
    queryNames.set(op, names);
  }
  return names;
}

/**
 * Validates a request against its operation, in the order a client can fix things: the path (a malformed id is a
 * record that cannot exist: 404), unknown query parameters (400), then every bad field of query and body at once (422).
 */
export function readInput<O extends ApiOperation>(op: O, req: Request): OperationInput<O> {
  const params = op.params ? validate(op.params, req.params, 'params') : { ok: true as const, data: undefined };
  if (!params.ok) throw new NotFoundError();
  const known = knownQueryNames(op);
  const unknown = Object.keys(req.query as object).filter((name) => !known.has(name));
  if (unknown.length > 0) throw new UnknownParameterError(unknown);
  const query = op.query ? validate(op.query, req.query, 'query') : { ok: true as const, data: undefined };
  const headers = op.headers ? validate(op.headers, namedHeaders(op.headers, req), 'headers') : { ok: true as const, data: undefined };
  const body = op.body ? readBody(op.body, req) : { ok: true as const, data: undefined };
  if (!query.ok || !headers.ok || !body.ok) {
    throw new ValidationError(
      Object.assign({}, ...[query, headers, body].map((result) => (result.ok ? {} : result.fields))) as FieldErrors,
    );
  }
  return { params: params.data, query: query.data, headers: headers.data, body: body.data } as OperationInput<O>;
}
