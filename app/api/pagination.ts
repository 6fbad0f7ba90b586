import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Page, PageRequest } from '../db/page.ts';
import { InvalidCursorError } from '../errors/app-error.ts';
import { apiSchemas } from './openapi.ts';

export const MAX_LIMIT = 500;

const limitMessage = `Informe um número inteiro de 1 a ${MAX_LIMIT}.`;

/** `limit` and `cursor`, the query parameters of every list; spread them into the list's query schema. */
export const pageParams = {
  limit: z.coerce
    .number({ error: limitMessage })
    .int(limitMessage)
    .min(1, limitMessage)
    .max(MAX_LIMIT, limitMessage)
    .default(50)
    .meta({ description: `Quantos itens por página (1 a ${MAX_LIMIT}).`, example: 50 }),
  cursor: z
    .string()
    .optional()
    .meta({ description: 'Para a página seguinte: o valor de `nextCursor` da resposta anterior, sem alterações, com os mesmos filtros.' }),
};

/** The list envelope `{ items, totalCount, nextCursor }` of an item schema, registered under `id` for the document. */
export function listEnvelope<T extends z.ZodType>(item: T, id: string, description: string) {
  return z
    .object({
      items: z.array(item),
      totalCount: z.number().int().meta({ description: 'Quantos itens atendem aos filtros, em todas as páginas.', example: 1 }),
      nextCursor: z.string().nullable().meta({ description: 'Cursor da página seguinte; null na última página.', example: null }),
    })
    .register(apiSchemas, { id, description });
}

const SIGNATURE_BYTES = 16;

/**
 * Turns keyset positions into opaque cursors and back. A cursor carries the last id of a page, signed with an HMAC
 * under a server secret: a client cannot forge a position, and an altered cursor is refused (400 INVALID_CURSOR)
 * instead of silently listing something else.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the server secret, so a cursor's signature is useless for anything else.
    this.key = createHmac('sha256', secret).update('cidades/api-cursor/v1').digest();
  }

  encode(afterId: number): string {
    const payload = Buffer.from(JSON.stringify({ a: afterId })).toString('base64url');
    return `${payload}.${this.sign(payload).toString('base64url')}`;
  }

  decode(cursor: string): number {
    const [payload, signature, extra] = cursor.split('.');
    if (!payload || !signature || extra !== undefined) throw new InvalidCursorError();
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
    const { a } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown };
    if (typeof a !== 'number' || !Number.isSafeInteger(a) || a < 0) throw new InvalidCursorError();
    return a;
  }

  /** The page a list's `limit` and `cursor` ask for. */
  request(query: { limit: number; cursor?: string }): PageRequest {
    return { limit: query.limit, afterId: query.cursor === undefined ? undefined : this.decode(query.cursor) };
  }

  /** A service's page as the list envelope, each item mapped to its API form. */
  envelope<T, U>(page: Page<T>, toApi: (item: T) => U): { items: U[]; totalCount: number; nextCursor: string | null } {
    return {
      items: page.items.map(toApi),
      totalCount: page.totalCount,
      nextCursor: page.nextAfterId === null ? null : this.encode(page.nextAfterId),
    };
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, SIGNATURE_BYTES);
  }
}
