import type { RequestListener } from 'node:http';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { Contract, type OpenApiDocument } from './contract.ts';

// Every /api response the test suite receives, checked against the app's own OpenAPI document. createTestApp wraps
// each app with `withContractCheck`, so a test of a new endpoint is checked without doing anything; the root `after`
// hook (contract.hooks.ts) fails the run if any response was not documented.

export interface Violation {
  test: string;
  exchange: string;
  problems: string[];
}

/** What the checks found; the suite shares one, a test of the checker itself can pass its own. */
export class ContractLog {
  currentTest = '(outside a test)';
  checked = 0;
  readonly violations: Violation[] = [];
}

export const suiteContractLog = new ContractLog();
const contracts = new Map<string, Contract>();

/** Responses that are documentation of the API rather than operations of it. */
export const DOCUMENTATION_PATHS = /^\/api\/(openapi\.json|docs(\/.*)?|postman-collection\.json)$/;

/** One Contract per distinct document: apps differ in their public URL only, and compiling schemas costs. */
function contractFor(document: OpenApiDocument): Contract {
  const key = JSON.stringify({ paths: document.paths, components: document.components });
  let contract = contracts.get(key);
  if (!contract) {
    contract = new Contract(document);
    contracts.set(key, contract);
  }
  return contract;
}

/** What the client reads once it has undone the response's Content-Encoding (the app compresses over 1 kB). */
const decoders: Record<string, (body: Buffer) => Buffer> = { gzip: gunzipSync, br: brotliDecompressSync, deflate: inflateSync };

/** Keeps a copy of what the response writes, for checking once it has been sent, as the client reads it. */
function captureBody(res: Response): () => string {
  const chunks: Buffer[] = [];
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    chunks.push(
      Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'),
    );
  };
  const { write, end } = res;
  res.write = function (this: Response, chunk: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as Response['write'];
  res.end = function (this: Response, chunk?: unknown, ...rest: unknown[]) {
    keep(chunk, rest[0]);
    return (end as (...args: unknown[]) => Response).call(this, chunk, ...rest);
  } as Response['end'];
  return () => {
    const decode = decoders[String(res.getHeader('Content-Encoding') ?? '')] ?? ((body: Buffer) => body);
    return decode(Buffer.concat(chunks)).toString('utf8');
  };
}

/** The app behind a recorder that checks each of its /api responses against the document it serves. */
export async function withContractCheck(app: Express | RequestListener, log = suiteContractLog): Promise<Express> {
  const contract = contractFor((await request(app).get('/api/openapi.json').expect(200)).body as OpenApiDocument);
  const outer = express();
  outer.disable('x-powered-by');
  outer.use((req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    // HEAD (the GET handler) and OPTIONS (Allow alone) are answered on every path; the document describes the methods.
    if (!path.startsWith('/api/') || DOCUMENTATION_PATHS.test(path) || req.method === 'HEAD' || req.method === 'OPTIONS') return next();
    const body = captureBody(res);
    const test = log.currentTest;
    res.on('finish', () => {
      const exchange = {
        method: req.method,
        url: req.originalUrl,
        status: res.statusCode,
        contentType: res.getHeader('Content-Type')?.toString(),
        body: body(),
      };
      log.checked += 1;
      // Runs after the response: a throw here (a schema ajv cannot compile) would crash the run, so it is reported.
      let problems: string[];
      try {
        problems = contract.check(exchange);
      } catch (err) {
        problems = [`could not check: ${err instanceof Error ? err.message : String(err)}`];
      }
      if (problems.length > 0) log.violations.push({ test, exchange: `${exchange.method} ${exchange.url} → ${exchange.status}`, problems });
    });
    next();
  });
  outer.use(app);
  return outer;
}
