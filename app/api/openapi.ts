import { z } from 'zod';

/** Schemas with an id here become `components.schemas` of the OpenAPI document, referenced by `$ref`. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

export const problemSchema = z
  .object({
    type: z.string().meta({ example: 'about:blank' }),
    title: z.string().meta({ example: 'Não autenticado' }),
    status: z.number().int().meta({ example: 401 }),
    detail: z.string().meta({ example: 'O token expirou. Obtenha um novo token.' }),
    code: z.string().meta({ description: 'Código estável do erro, para tratamento pelo sistema cliente.', example: 'INVALID_TOKEN' }),
    errors: z.record(z.string(), z.string()).optional().meta({ description: 'Mensagem por campo, quando o erro é de validação.' }),
  })
  .register(apiSchemas, { id: 'Problem', description: 'Erro no formato RFC 9457 (application/problem+json).' });

interface ErrorDoc {
  description: string;
  codes: string[];
}

/** The errors every operation may answer, by status, with the stable codes clients can rely on. */
export const commonErrors = {
  401: { description: 'Token ausente, malformado, expirado, de outro emissor ou de uma integração renovada, excluída ou bloqueada.', codes: ['INVALID_TOKEN'] },
  403: { description: 'O token não tem o escopo exigido.', codes: ['INSUFFICIENT_SCOPE'] },
  429: { description: 'Muitas requisições; tente de novo após Retry-After segundos.', codes: ['TOO_MANY_REQUESTS'] },
  500: { description: 'Erro inesperado.', codes: ['INTERNAL_ERROR'] },
} satisfies Record<number, ErrorDoc>;

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path, e.g. `/v1/me`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  scopes: string[];
  /** A schema registered in `apiSchemas`, so the document names it. */
  response: { status: number; description: string; schema: z.ZodType };
  errors: Record<number, ErrorDoc>;
}

/** Collects the operations as routes are built; `document()` renders OpenAPI 3.1 from the same zod schemas. */
export class OpenApiRegistry {
  private readonly operations: ApiOperation[] = [];

  add(operation: ApiOperation): void {
    this.operations.push(operation);
  }

  document(info: { publicUrl: string; version: string }): Record<string, unknown> {
    const uri = (id: string) => `#/components/schemas/${id}`;
    const schemaOf = (schema: z.ZodType) => {
      const id = apiSchemas.get(schema)?.id;
      if (!id) throw new Error(`response schema of an operation is not registered in apiSchemas`);
      return { $ref: uri(id) };
    };
    const { schemas } = z.toJSONSchema(apiSchemas, { target: 'draft-2020-12', io: 'output', uri, unrepresentable: 'any' });
    const paths: Record<string, Record<string, unknown>> = {};
    for (const op of this.operations) {
      const responses: Record<string, unknown> = {
        [op.response.status]: { description: op.response.description, content: { 'application/json': { schema: schemaOf(op.response.schema) } } },
      };
      for (const [status, error] of Object.entries(op.errors)) {
        responses[status] = {
          description: `${error.description} Códigos: ${error.codes.join(', ')}.`,
          content: { 'application/problem+json': { schema: { $ref: uri('Problem') } } },
        };
      }
      paths[op.path] = {
        ...paths[op.path],
        [op.method]: {
          operationId: op.operationId,
          summary: op.summary,
          description: op.description,
          tags: op.tags,
          security: [{ clientCredentials: op.scopes }],
          responses,
        },
      };
    }
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
            flows: {
              clientCredentials: {
                tokenUrl: `${info.publicUrl}/oauth/token`,
                scopes: { leitura: 'Consultar os dados das UGs visíveis.', escrita: 'Consultar e enviar dados da própria UG.' },
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
