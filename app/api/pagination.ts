import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { COUNT_LIMIT, type Page, type PageRequest, type TotalCount } from '../db/page.ts';
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
  cursor: z.string().optional().meta({
    description:
      'Para a página seguinte: o valor de `nextCursor` da resposta anterior, sem alterações, na mesma listagem e com os mesmos filtros (`limit` pode mudar).',
  }),
};

const countLimit = COUNT_LIMIT.toLocaleString('pt-BR');

/**
 * The list envelope `{ items, totalCount, totalCountExact, nextCursor }` of an item schema, registered under `id` for
 * the document; its example is a last page holding the item's example.
 */
export function listEnvelope<T extends z.ZodType>(item: T, id: string, description: string) {
  const itemExample = apiSchemas.get(item)?.example;
  const example = itemExample === undefined ? undefined : { items: [itemExample], totalCount: 1, totalCountExact: true, nextCursor: null };
  return z
    .object({
      items: z.array(item).meta({ description: 'Os itens desta página, na ordem da listagem.' }),
      totalCount: z
        .number()
        .int()
        .meta({
          description:
            `Quantos itens atendem aos filtros, em todas as páginas, contados até ${countLimit}: acima disso, ${countLimit} ` +
            '(veja `totalCountExact`). Contado na primeira página; as seguintes repetem esse número (o cursor o leva), ' +
            'sem contar de novo, mesmo que itens tenham sido incluídos ou excluídos entretanto.',
          example: 1,
        }),
      totalCountExact: z.boolean().meta({
        description:
          `true: \`totalCount\` é o número exato de itens. false: há mais de ${countLimit} itens e \`totalCount\` é ${countLimit}; ` +
          'a contagem para aí, para que nenhuma página pague a leitura de todos.',
        example: true,
      }),
      nextCursor: z.string().nullable().meta({ description: 'Cursor da página seguinte; null na última página.', example: null }),
    })
    .register(apiSchemas, { id, description, ...(example ? { example } : {}) });
}

const SIGNATURE_BYTES = 16;

/** A row id or a count, as a cursor may hold them. */
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** A listing's page as the API answers it. */
export interface ListEnvelope<U> {
  items: U[];
  totalCount: number;
  totalCountExact: boolean;
  nextCursor: string | null;
}

/** Where a cursor says the listing goes on: after this id, with the count its first page found. */
export interface CursorPosition {
  afterId: number;
  /** Absent from the cursors issued before the count was carried: the listing is then counted again. */
  total?: TotalCount;
}

/** The same filters, however they were spelled: object keys sorted, at any depth. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v)]),
  );
}

/**
 * Turns keyset positions into opaque cursors and back. A cursor carries the last id of a page and the listing's count
 * (as its first page found it, so no later page counts again), signed with an HMAC under a server secret: a client
 * cannot forge a position or a count, and an altered cursor is refused (400 INVALID_CURSOR) instead of silently
 * listing something else. What is signed also names the listing (its operation id) and a digest
 * of its filters (path parameters and query, as parsed, without `limit` and `cursor`): a cursor is refused by another
 * listing or with other filters, where its position would mean nothing. `limit` may change from one page to the next.
 */
export class CursorCodec {
  private readonly key: Buffer;

  constructor(secret: string) {
    // A key of its own, derived from the server secret, so a cursor's signature is useless for anything else.
    this.key = createHmac('sha256', secret).update('cidades/api-cursor/v1').digest();
  }

  /** The cursors of one listing with these filters. */
  listing(operationId: string, filters: Record<string, unknown>): ListingCursors {
    const digest = createHash('sha256')
      .update(JSON.stringify(canonical(filters)))
      .digest('base64url');
    return new ListingCursors(this.key, `${operationId}\n${digest}`);
  }
}

/** The cursors of one listing and its filters: issued for them, and accepted only for them. */
export class ListingCursors {
  constructor(
    private readonly key: Buffer,
    private readonly binding: string,
  ) {}

  encode(afterId: number, total: TotalCount): string {
    const payload = Buffer.from(JSON.stringify({ a: afterId, n: total.count, e: total.exact })).toString('base64url');
    return `${payload}.${this.sign(payload).toString('base64url')}`;
  }

  decode(cursor: string): CursorPosition {
    const [payload, signature, extra] = cursor.split('.');
    if (!payload || !signature || extra !== undefined) throw new InvalidCursorError();
    const given = Buffer.from(signature, 'base64url');
    const expected = this.sign(payload);
    // Only the spelling this codec writes: the last base64url character has bits no byte uses, so other strings
    // (a tampered last character among them) would decode to the same signature.
    const canonical = given.toString('base64url') === signature;
    if (!canonical || given.length !== expected.length || !timingSafeEqual(given, expected)) throw new InvalidCursorError();
    const { a, n, e } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: unknown; n?: unknown; e?: unknown };
    if (!isCount(a)) throw new InvalidCursorError();
    if (n === undefined && e === undefined) return { afterId: a };
    if (!isCount(n) || typeof e !== 'boolean') throw new InvalidCursorError();
    return { afterId: a, total: { count: n, exact: e } };
  }

  /** The page a list's `limit` and `cursor` ask for. */
  request(query: { limit: number; cursor?: string }): PageRequest {
    return { limit: query.limit, ...(query.cursor === undefined ? {} : this.decode(query.cursor)) };
  }

  /** A service's page as the list envelope, each item mapped to its API form; its cursor carries the count on. */
  envelope<T, U>(page: Page<T>, toApi: (item: T) => U): ListEnvelope<U> {
    const total = { count: page.totalCount, exact: page.totalCountExact };
    return {
      items: page.items.map(toApi),
      totalCount: total.count,
      totalCountExact: total.exact,
      nextCursor: page.nextAfterId === null ? null : this.encode(page.nextAfterId, total),
    };
  }

  private sign(payload: string): Buffer {
    return createHmac('sha256', this.key).update(`${this.binding}\n${payload}`).digest().subarray(0, SIGNATURE_BYTES);
  }
}
