import fc from 'fast-check';
import { HTTP_METHODS, type OpenApiDocument } from './contract.ts';
import { controlChar, hostileNumber, hostileString, hostileValue } from './hostile-values.ts';

// Requests built from the operations of an OpenAPI document: a valid baseline from each schema (its example or
// default where there is one, else the simplest value it allows), then mutated by fast-check into the inputs an
// integrator's bug or an attacker would send. See test/e2e/api-generated-bad-input.test.ts.

/** The subset of JSON Schema the document's request schemas use. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  minimum?: number;
  minLength?: number;
  format?: string;
  $ref?: string;
}

interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface Operation {
  method: (typeof HTTP_METHODS)[number];
  template: string;
  scopes: string[];
  statuses: number[];
  query: ParameterDoc[];
  headers: ParameterDoc[];
  body: Schema | undefined;
  /** The example the document gives of the body: the baseline every mutation starts from. */
  bodyExample: unknown;
}

type OperationDoc = {
  security?: Array<Record<string, string[]>>;
  parameters?: ParameterDoc[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown }> };
  responses?: Record<string, unknown>;
};

/** Every operation of the document, its `$ref`s resolved. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    if (!schema?.$ref) return schema;
    let target: unknown = document;
    for (const part of schema.$ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)[part];
    return resolve(target as Schema);
  };
  return Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
    HTTP_METHODS.flatMap((method) => {
      const op = item[method] as OperationDoc | undefined;
      if (!op) return [];
      const parameters = op.parameters ?? [];
      return [
        {
          method,
          template,
          scopes: (op.security ?? []).flatMap((requirement) => Object.values(requirement).flat()),
          statuses: Object.keys(op.responses ?? {}).map(Number),
          query: parameters.filter((p) => p.in === 'query'),
          headers: parameters.filter((p) => p.in === 'header'),
          body: resolve(op.requestBody?.content?.['application/json']?.schema),
          bodyExample: op.requestBody?.content?.['application/json']?.example,
        },
      ];
    }),
  );
}

/** The simplest value a schema documents or allows: its example, default, first enum value, else one built from its type. */
export function sampleOf(schema: Schema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.example !== undefined) return schema.example;
  if (schema.examples?.[0] !== undefined) return schema.examples[0];
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  const branch = (schema.anyOf ?? schema.oneOf)?.find((s) => s.type !== 'null');
  if (branch) return sampleOf(branch);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [sampleOf(schema.items)];
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, s]) => [name, sampleOf(s)]));
    default:
      if (schema.format === 'date') return '2025-03-10';
      if (schema.format === 'date-time') return '2025-03-10T12:00:00Z';
      if (schema.format === 'email') return 'pessoa@exemplo.gov.br';
      return 'x'.repeat(schema.minLength ?? 1);
  }
}

/** Bad values of the field's own type, that pass the type check and reach deeper: a valid string with a NUL inside, an id past the column. */
function typedHostile(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const type = [schema?.type, ...(schema?.anyOf ?? []).map((s) => s.type)].flat();
  if (type.includes('integer') || type.includes('number')) return hostileNumber;
  const valid = String(sampleOf(schema));
  return fc.oneof(
    hostileString,
    fc.tuple(controlChar, fc.nat(valid.length)).map(([c, at]) => `${valid.slice(0, at)}${c}${valid.slice(at)}`),
  );
}

/** One change to a JSON body (applyMutations says which make it invalid by the document). */
type BodyMutation =
  | { kind: 'set'; field: string; value: unknown }
  | { kind: 'drop'; field: string }
  | { kind: 'unknown'; field: string; value: unknown }
  | { kind: 'replace'; value: unknown };

function bodyMutation(schema: Schema): fc.Arbitrary<BodyMutation> {
  const fields = Object.keys(schema.properties ?? {});
  const options: Array<fc.Arbitrary<BodyMutation>> = [
    fc.record({
      kind: fc.constant('unknown' as const),
      field: fc.oneof(fc.constantFrom('blocked', 'id', 'constructor'), fc.string({ minLength: 1, maxLength: 12 })),
      value: hostileValue,
    }),
    fc.record({ kind: fc.constant('replace' as const), value: hostileValue }),
  ];
  if (fields.length > 0) {
    const set = (field: string) =>
      fc.record({
        kind: fc.constant('set' as const),
        field: fc.constant(field),
        value: fc.oneof(hostileValue, typedHostile(schema.properties?.[field])),
      });
    options.push(fc.constantFrom(...fields).chain(set));
    options.push(fc.record({ kind: fc.constant('drop' as const), field: fc.constantFrom(...fields) }));
  }
  return fc.oneof(...options);
}

/** A generated request: the baseline with some of its parts mutated, and whether the document says it must be refused. */
export interface GeneratedRequest {
  path: string;
  /** The raw query string, already encoded (parts of it may be deliberately mis-encoded). */
  query: string;
  headers: Record<string, string>;
  /** The JSON body (`undefined`: none). */
  body: unknown;
  /** Why the document says this request must not succeed, if it does. */
  mustFail: string | undefined;
}

/**
 * A value as it goes into a URL: encoded, or raw and mis-encoded on purpose. Whole: the huge ones take the request
 * head past Node's 16 KiB, which the server answers 431 REQUEST_HEADERS_TOO_LARGE before any route sees it.
 */
const urlValue: fc.Arbitrary<string> = fc.oneof(
  fc.oneof(hostileString, hostileNumber.map(String)).map((s) => {
    try {
      return encodeURIComponent(s);
    } catch {
      return '%ED%A0%80'; // a lone surrogate, as the bytes a careless client would send
    }
  }),
  fc.constantFrom('%00', '%FF', '%', '%E0%A4%A', '%2F..%2F', '1%00', '%C0%80', '1;drop'),
);

const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  fc.constantFrom('*', 'W/"x"', '"', '""', `"${'a'.repeat(5000)}"`, 'ÿé'),
);

/** Requests for an operation, its path parameters at `pathValues` unless mutated, its body from the document's example. */
export function requestsFor(op: Operation, pathValues: Record<string, string>): fc.Arbitrary<GeneratedRequest> {
  const pathNames = [...op.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
  const path = fc
    // An empty one too: `/v1/remessas/` is no operation (404), not the listing.
    .record(Object.fromEntries(pathNames.map((name) => [name, fc.option(urlValue, { freq: 2 })])))
    .map((mutated) => op.template.replace(/\{([^}]+)\}/g, (_, name: string) => mutated[name] ?? pathValues[name] ?? ''));
  const param = (p: ParameterDoc) =>
    fc.oneof(
      fc.constant([encodeURIComponent(String(sampleOf(p.schema)))]),
      urlValue.map((v) => [v]),
      fc.array(urlValue, { minLength: 2, maxLength: 3 }), // the parameter repeated
      fc.constant(['']),
    );
  const query = fc.record({
    known: fc
      .subarray(op.query, { maxLength: Math.min(3, op.query.length) })
      .chain((ps) => fc.tuple(...ps.map((p) => param(p).map((values) => values.map((v) => `${p.name}=${v}`))))),
    unknown: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      fc.constantFrom('situacoes=x', 'foo=1', '__proto__=1', 'limit[]=1', 'semValor', '%00=1'),
    ),
  });
  const headers = fc.record(Object.fromEntries(op.headers.map((h) => [h.name, fc.option(headerValue, { freq: 2 })])));
  const body = op.body ? fc.option(fc.array(bodyMutation(op.body), { minLength: 1, maxLength: 3 }), { freq: 6 }) : fc.constant(null);
  return fc.record({ path, query, headers, body }).map(({ path, query, headers, body }) => {
    const reasons: string[] = [];
    if (query.unknown !== null) reasons.push(`unknown query parameter ${query.unknown}`);
    const mutated = op.body ? applyMutations(op.body, body ?? [], reasons, op.bodyExample) : undefined;
    return {
      path,
      query: [...query.known.flat(), ...(query.unknown === null ? [] : [query.unknown])].join('&'),
      headers: Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== null)),
      body: mutated,
      mustFail: reasons.length > 0 ? reasons.join('; ') : undefined,
    };
  });
}

/**
 * The baseline (the document's example of the body, else one built from the schema) with the mutations applied;
 * pushes onto `reasons` those that make it invalid by the document.
 */
function applyMutations(schema: Schema, mutations: BodyMutation[], reasons: string[], example: unknown): unknown {
  let body: unknown = structuredClone(example ?? sampleOf(schema));
  for (const m of mutations) {
    if (m.kind === 'replace') {
      body = structuredClone(m.value); // generated values are shared between runs (fc.constantFrom's `{}`): never mutate them
      continue;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
    const record = body as Record<string, unknown>;
    if (m.kind === 'set') record[m.field] = structuredClone(m.value);
    else if (m.kind === 'drop') delete record[m.field];
    else if (!Object.hasOwn(schema.properties ?? {}, m.field))
      Object.defineProperty(record, m.field, { value: m.value, enumerable: true, writable: true });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    reasons.push('the body is not an object');
    return body;
  }
  const present = Object.keys(body);
  const missing = (schema.required ?? []).filter((name) => !present.includes(name));
  if (missing.length > 0) reasons.push(`required ${missing.join(', ')} missing`);
  const unknown = present.filter((name) => !Object.hasOwn(schema.properties ?? {}, name));
  if (schema.additionalProperties === false && unknown.length > 0)
    reasons.push(`unknown field ${unknown.map((name) => JSON.stringify(name)).join(', ')} in a strict body`);
  return body;
}
