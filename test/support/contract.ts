import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object, whose `default` is the plugin.
const addFormats = addFormatsModule.default;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
type HttpMethod = (typeof HTTP_METHODS)[number];

interface ResponseDoc {
  $ref?: string;
  description?: string;
  content?: Record<string, { schema?: object }>;
}

interface OperationDoc {
  operationId?: string;
  responses?: Record<string, ResponseDoc>;
}

/** The parts of an OpenAPI 3.1 document a response is checked against. */
export interface OpenApiDocument {
  servers?: Array<{ url: string }>;
  paths?: Record<string, Partial<Record<HttpMethod, OperationDoc>>>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
}

/** One response as a client received it. */
export interface ApiExchange {
  method: string;
  /** Path and query, as requested, e.g. `/api/v1/contratacoes/12?x=1`. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The raw body text ('' when none). */
  body: string;
}

interface Route {
  method: HttpMethod;
  template: string;
  pattern: RegExp;
  /** Literal segments first: `/v1/remessas/resumo` wins over `/v1/remessas/{id}`. */
  params: number;
}

const DOCUMENT_ID = 'openapi.json';
const pointer = (...parts: string[]) => parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

/** Validates responses (status, media type, JSON body) against the operations of an OpenAPI document. */
export class Contract {
  readonly basePath: string;
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema(document, DOCUMENT_ID, undefined, false);
    this.basePath = new URL(document.servers?.[0]?.url ?? 'http://localhost/').pathname.replace(/\/$/, '');
    this.routes = Object.entries(document.paths ?? {})
      .flatMap(([template, item]) =>
        HTTP_METHODS.filter((method) => item[method]).map((method) => ({
          method,
          template,
          pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
          params: (template.match(/\{/g) ?? []).length,
        })),
      )
      .sort((a, b) => a.params - b.params);
  }

  /** The documented operation a request reached, if any. */
  route(method: string, url: string): Route | undefined {
    const path = new URL(url, 'http://x').pathname;
    if (!path.startsWith(`${this.basePath}/`)) return undefined;
    const relative = path.slice(this.basePath.length);
    return this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(relative));
  }

  /** What is wrong with a response; empty when the document describes it. */
  check(exchange: ApiExchange): string[] {
    const route = this.route(exchange.method, exchange.url);
    if (!route) {
      // No operation: only an error can answer, and every /api error is a Problem.
      if (exchange.status < 400) return [`${exchange.status} for a request that matches no documented operation`];
      return this.checkBody(exchange, ['components', 'schemas', 'Problem'], 'application/problem+json');
    }
    const responses = this.document.paths?.[route.template]?.[route.method]?.responses ?? {};
    const key = [String(exchange.status), `${String(exchange.status)[0]}XX`, 'default'].find((k) => responses[k]);
    const where = `${route.method.toUpperCase()} ${route.template}`;
    if (!key) return [`status ${exchange.status} is not documented for ${where} (documented: ${Object.keys(responses).join(', ')})`];
    const declared = responses[key] ?? {};
    const responsePath = declared.$ref ? refPath(declared.$ref) : ['paths', route.template, route.method, 'responses', key];
    const response = this.resolve(declared);
    const mediaTypes = Object.keys(response.content ?? {});
    if (mediaTypes.length === 0) return exchange.body === '' ? [] : [`${where} ${key} documents no body, but one was sent`];
    const mediaType = exchange.contentType?.split(';')[0]?.trim() ?? '';
    if (!mediaTypes.includes(mediaType)) return [`${where} ${key}: content type "${mediaType}" is not one of ${mediaTypes.join(', ')}`];
    return this.checkBody(exchange, [...responsePath, 'content', mediaType, 'schema'], mediaType).map(
      (problem) => `${where} ${key}: ${problem}`,
    );
  }

  private checkBody(exchange: ApiExchange, schemaPath: string[], mediaType: string): string[] {
    const actual = exchange.contentType?.split(';')[0]?.trim();
    if (actual !== mediaType) return [`content type "${actual ?? ''}" instead of ${mediaType}`];
    let body: unknown;
    try {
      body = JSON.parse(exchange.body);
    } catch {
      return ['the body is not JSON'];
    }
    const ref = `${DOCUMENT_ID}#/${pointer(...schemaPath)}`;
    let validate = this.validators.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.validators.set(ref, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params)}`);
  }

  /** A response given as `$ref: '#/components/responses/…'`. */
  private resolve(response: ResponseDoc): ResponseDoc {
    if (!response.$ref) return response;
    let target: unknown = this.document;
    for (const part of refPath(response.$ref)) target = (target as Record<string, unknown> | undefined)?.[part];
    return (target as ResponseDoc | undefined) ?? {};
  }
}

function refPath(ref: string): string[] {
  return ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'));
}
