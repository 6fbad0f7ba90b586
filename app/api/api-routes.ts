import express, { type IRoute, type NextFunction, type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { ScopedCaller } from '../caller.ts';
import { MethodNotAllowedError } from '../errors/app-error.ts';
import type { ApiOperation, OpenApiRegistry } from './openapi.ts';
import type { CursorCodec, ListingCursors } from './pagination.ts';
import { readInput, type OperationInput } from './request-input.ts';
import { requireScope, tenantOf, type TenantContext } from './tenant.ts';

/** The body the operation's success response documents; nothing for a response without a schema (204). */
type ResponseBody<O extends ApiOperation> = O['response']['schema'] extends z.ZodType ? z.input<O['response']['schema']> : void;

/** What a handler returns once it has answered on its own (a 304): there is no body left to send. */
export const ANSWERED: unique symbol = Symbol('answered');

export type OperationHandler<O extends ApiOperation> = (
  input: OperationInput<O> & { tenant: TenantContext; caller: ScopedCaller; cursors: ListingCursors; res: Response },
) => ResponseBody<O> | typeof ANSWERED | Promise<ResponseBody<O> | typeof ANSWERED>;

/** An operation with a body has an example of it, which its body schema accepts (as typed here, and tested). */
type BodyExample<O extends ApiOperation> = O['body'] extends z.ZodType ? { example: z.input<O['body']> } : { example?: undefined };

/** Keeps the declared operation's literal types, so its handler sees the parsed types of its own schemas. */
export function defineOperation<const O extends ApiOperation>(op: O & BodyExample<O>): O {
  return op;
}

/** `/unidades-gestoras/{id}` → `/unidades-gestoras/:id`. */
function expressPath(path: string): string {
  return path.replace(/\{(\w+)\}/g, ':$1');
}

/** What a listing's cursors are bound to: its path parameters and query, without the page's `limit` and `cursor`. */
function listingFilters(input: OperationInput<ApiOperation>): Record<string, unknown> {
  const { limit: _limit, cursor: _cursor, ...query } = (input.query ?? {}) as Record<string, unknown>;
  return { params: input.params, query };
}

/** The order Allow lists methods in; HEAD comes with GET, and OPTIONS is answered on every path. */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** What Allow says of a path that declares `methods`. */
function allowOf(methods: ReadonlySet<string>): string[] {
  return METHOD_ORDER.filter((m) => methods.has(m) || (m === 'HEAD' && methods.has('GET')) || m === 'OPTIONS');
}

/**
 * The first handler of every path: a method the path does not declare is 405 with Allow, worked out from the
 * operations registered on it (not a list kept by hand); OPTIONS is answered with Allow alone.
 */
function methodGuard(methods: ReadonlySet<string>) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (methods.has(req.method) || (req.method === 'HEAD' && methods.has('GET'))) return next();
    if (req.method !== 'OPTIONS') throw new MethodNotAllowedError(allowOf(methods));
    res.setHeader('Allow', allowOf(methods).join(', '));
    res.status(204).end();
  };
}

/**
 * One version of the API: `add(op, handler)` documents the operation and mounts it behind its scope guard and its
 * input validation. The handler returns the response body, sent with the operation's success status (none for 204);
 * `res` is there for headers (ETag, Location), or to answer on its own (304) and return ANSWERED: nothing more is sent.
 * A listing pages with `cursors`, bound to the operation and the request's filters.
 */
export class ApiRoutes {
  /** Strict: `/remessas/` is no operation (404), not the listing with a slash Express would otherwise ignore. */
  readonly router: Router = express.Router({ strict: true });
  /** One Express route per documented path, and the methods its operations declare. */
  private readonly paths = new Map<string, { route: IRoute; methods: Set<string> }>();

  constructor(
    private readonly registry: OpenApiRegistry,
    private readonly basePath: string,
    private readonly cursors: CursorCodec,
  ) {}

  add<const O extends ApiOperation>(op: O, handler: OperationHandler<O>): void {
    this.registry.add({ ...op, path: `${this.basePath}${op.path}` });
    const guards = op.scope ? [requireScope(op.scope)] : [];
    const { route, methods } = this.pathOf(op.path);
    methods.add(op.method.toUpperCase());
    route[op.method](...guards, async (req: Request, res: Response) => {
      const input = readInput(op, req);
      const tenant = tenantOf(req);
      const cursors = this.cursors.listing(op.operationId, listingFilters(input));
      const body = await handler({ ...input, tenant, caller: tenant.caller, cursors, res });
      if (body === ANSWERED || res.headersSent) return;
      if (op.response.status === 204) res.status(204).end();
      else res.status(op.response.status).json(body);
    });
  }

  private pathOf(path: string): { route: IRoute; methods: Set<string> } {
    let entry = this.paths.get(path);
    if (!entry) {
      entry = { route: this.router.route(expressPath(path)), methods: new Set() };
      entry.route.all(methodGuard(entry.methods));
      this.paths.set(path, entry);
    }
    return entry;
  }
}
