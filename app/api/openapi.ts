import { z } from 'zod';
import { ServiceUnavailableError } from '../errors/app-error.ts';
import { CONTROL_CHARACTERS } from '../errors/parse.ts';
import { apiErrors, type ApiErrorCode } from './error-catalog.ts';
import { problemFromError } from './problem.ts';

/**
 * Schemas with an id here become `components.schemas` of the OpenAPI document, referenced by `$ref`, with their
 * description and a whole example of what the API answers (typed by the schema, checked against it by the tests).
 */
export const apiSchemas = z.registry<{ id: string; description?: string; example?: z.$output }>();

const fieldProblemSchema = z.object({
  field: z
    .string()
    .meta({ description: 'Caminho do campo: o nome do parâmetro, ou o caminho no corpo (`fornecedor.cpf`).', example: 'limit' }),
  message: z
    .string()
    .meta({ description: 'O que está errado no campo e como corrigir, em português.', example: 'Informe um número inteiro de 1 a 500.' }),
});

export const problemSchema = z
  .object({
    type: z.string().meta({ description: 'Sempre `about:blank`: o erro é identificado por `code`.', example: 'about:blank' }),
    title: z.string().meta({ description: 'O nome do status HTTP, em português.', example: 'Não autenticado' }),
    status: z.number().int().meta({ description: 'O status HTTP da resposta, repetido no corpo.', example: 401 }),
    detail: z.string().meta({
      description: 'O que aconteceu nesta requisição e o que fazer, em português, para mostrar a uma pessoa.',
      example: 'O token expirou. Obtenha um novo token.',
    }),
    code: z.string().meta({ description: 'Código estável do erro, para tratamento pelo sistema cliente.', example: 'INVALID_TOKEN' }),
    errors: z
      .array(fieldProblemSchema)
      .optional()
      .meta({ description: 'Cada campo inválido, quando o erro é de validação ou de parâmetro desconhecido.' }),
  })
  .register(apiSchemas, { id: 'Problem', description: 'Erro no formato RFC 9457 (application/problem+json).' });

export type Scope = 'leitura' | 'escrita' | 'admin';

/**
 * One operation of the API, declared once: the same zod schemas validate the request (see api-routes.ts) and
 * produce its OpenAPI parameters, request body and responses.
 */
export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path relative to the version, e.g. `/unidades-gestoras/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** The scope the token must have; null for operations any valid token may call. */
  scope: Scope | null;
  /** Path parameters; an id that does not parse answers 404, as a missing record would. */
  params?: z.ZodObject;
  /** Query parameters; any other parameter answers 400 UNKNOWN_PARAMETER. */
  query?: z.ZodObject;
  /** Request headers the operation reads (If-Match, Idempotency-Key…); other headers are not its business. */
  headers?: z.ZodObject;
  /** JSON request body; anything but application/json answers 415. */
  body?: z.ZodType;
  /** A realistic body the operation accepts as it is: Swagger's Try it out and the Postman collection send it. */
  example?: unknown;
  /**
   * The success response; its schema must be registered in `apiSchemas`, so the document names it. `headers` names
   * the response headers it sets (ETag, Location), with their descriptions.
   */
  response: { status: number; description: string; schema?: z.ZodType; headers?: Record<string, string> };
  /** A conditional GET: If-None-Match with the current ETag answers 304 without a body. */
  notModified?: boolean;
  /** Codes of the operation's own rules, beyond those its token, parameters and body imply. */
  errors?: ApiErrorCode[];
}

/** The error codes an operation can answer: implied by what it declares, plus its own. */
export function errorCodesOf(op: ApiOperation): ApiErrorCode[] {
  const codes: ApiErrorCode[] = ['INVALID_TOKEN'];
  if (op.scope) codes.push('INSUFFICIENT_SCOPE');
  if (op.params) codes.push('NOT_FOUND');
  codes.push('UNKNOWN_PARAMETER');
  if (op.query?.shape.cursor) codes.push('INVALID_CURSOR');
  if (op.body) codes.push('MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE');
  if (op.query || op.body || op.headers) codes.push('VALIDATION_FAILED');
  codes.push(...(op.errors ?? []), 'INTERNAL_ERROR', 'DATABASE_UNAVAILABLE');
  return [...new Set(codes)];
}

const uri = (id: string) => `#/components/schemas/${id}`;

/** What every input string matches (the server refuses control characters in any of them with 422), for the document. */
const withoutControlCharacters = `^[^${CONTROL_CHARACTERS}]*$`;

/** States the control-character rule on each input string that has no pattern, enumeration or format of its own. */
function statingTextRule(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(statingTextRule);
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, statingTextRule(value)]));
  const free = node.type === 'string' && !['pattern', 'enum', 'const', 'format'].some((keyword) => keyword in node);
  return free ? { ...node, pattern: withoutControlCharacters } : node;
}

function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return statingTextRule(rest) as Record<string, unknown>;
}

function responseContent(schema: z.ZodType): { schema: { $ref: string }; example?: unknown } {
  const meta = apiSchemas.get(schema);
  if (!meta) throw new Error('response schema of an operation is not registered in apiSchemas');
  return { schema: { $ref: uri(meta.id) }, ...(meta.example === undefined ? {} : { example: meta.example }) };
}

function parameters(op: ApiOperation): unknown[] {
  const of = (shape: z.ZodObject | undefined, where: 'path' | 'query' | 'header') =>
    Object.entries(shape?.shape ?? {}).map(([name, field]) => {
      const { description, ...schema } = inputSchema(field);
      return { name, in: where, required: where === 'path' || !field.safeParse(undefined).success, description, schema };
    });
  return [...of(op.params, 'path'), ...of(op.query, 'query'), ...of(op.headers, 'header')];
}

const retryAfterHeader = {
  description: 'Segundos a esperar antes de repetir a requisição.',
  schema: { type: 'integer', example: ServiceUnavailableError.retryAfterSeconds },
};

function errorResponses(op: ApiOperation): Record<string, unknown> {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of errorCodesOf(op)) {
    const { status } = apiErrors[code].example;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, codes] of byStatus) {
    responses[status] = {
      description: codes.map((code) => `${code}: ${apiErrors[code].description}`).join(' '),
      ...(status === 503 ? { headers: { 'Retry-After': retryAfterHeader } } : {}),
      content: {
        'application/problem+json': {
          schema: { $ref: uri('Problem') },
          examples: Object.fromEntries(codes.map((code) => [code, { summary: code, value: problemFromError(apiErrors[code].example) }])),
        },
      },
    };
  }
  return responses;
}

function operationObject(op: ApiOperation): Record<string, unknown> {
  const { response } = op;
  const headers = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
  const success = {
    description: response.description,
    ...(response.headers ? { headers } : {}),
    ...(response.schema ? { content: { 'application/json': responseContent(response.schema) } } : {}),
  };
  const notModified = op.notModified
    ? { 304: { description: 'Não modificado: a ETag enviada em If-None-Match é a atual; use a cópia que já tem.' } }
    : {};
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description,
    tags: op.tags,
    security: [{ clientCredentials: op.scope ? [op.scope] : [] }],
    parameters: parameters(op),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: inputSchema(op.body), example: op.example } } } }
      : {}),
    responses: { [response.status]: success, ...notModified, ...errorResponses(op) },
  };
}

/** Collects the operations as routes are built; `document()` renders OpenAPI 3.1 from the same zod schemas. */
export class OpenApiRegistry {
  private readonly operations: ApiOperation[] = [];

  /** `op.path` here is the full path under /api, e.g. `/v1/me`. */
  add(op: ApiOperation): void {
    this.operations.push(op);
  }

  document(info: { publicUrl: string; version: string }): Record<string, unknown> {
    const { schemas } = z.toJSONSchema(apiSchemas, {
      target: 'draft-2020-12',
      io: 'output',
      uri,
      unrepresentable: 'any',
      // The fields' metadata is zod's global registry; a component's own (its description and example) is here.
      override: ({ zodSchema, jsonSchema }) => {
        const meta = apiSchemas.get(zodSchema);
        if (meta?.description) jsonSchema.description = meta.description;
        if (meta?.example !== undefined) jsonSchema.example = meta.example;
      },
    });
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) paths[op.path] = { ...paths[op.path], [op.method]: operationObject(op) };
    return {
      openapi: '3.1.0',
      info: {
        title: 'API do CidadES',
        version: info.version,
        description:
          'API do CidadES para os sistemas das unidades gestoras. Autenticação OAuth 2.0 client credentials: ' +
          'obtenha um token em /oauth/token com o client id e o client secret gerados pelo gestor da UG em Unidade Gestora → Ações → Integrações.',
      },
      servers: [{ url: `${info.publicUrl}/api` }],
      paths,
      components: {
        schemas: Object.fromEntries(Object.entries(schemas ?? {}).map(([id, s]) => [id, stripSchemaKeyword(s)])),
        securitySchemes: {
          clientCredentials: {
            type: 'oauth2',
            description:
              'Informe o client id e o client secret da integração (gerados pelo gestor da UG). Não marque nenhum escopo: o token ' +
              'recebe todos os que a integração tem. Marcar um que ela não tem (`escrita` numa integração de consulta, `admin` fora do Tribunal) ' +
              'faz o pedido de token ser recusado com `invalid_scope`.',
            flows: {
              clientCredentials: {
                tokenUrl: `${info.publicUrl}/oauth/token`,
                scopes: {
                  leitura: 'Consultar os dados das UGs visíveis.',
                  escrita: 'Consultar e enviar dados da própria UG.',
                  admin: 'Administrar todas as UGs (somente integrações do Tribunal).',
                },
              },
            },
          },
        },
      },
    };
  }
}

function stripSchemaKeyword(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null) return schema;
  const { $schema: _schema, $id: _id, ...rest } = schema as Record<string, unknown>;
  return rest;
}
