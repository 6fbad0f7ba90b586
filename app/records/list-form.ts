import { z } from 'zod';
import { blankIsAbsent, MAX_ID } from './fields.ts';

const badPage = 'Página inválida.';

/** A row id a list's page starts after (`apos`) or ends before (`antes`, going back); absent on the first page. */
const position = blankIsAbsent(z.coerce.number({ error: badPage }).int(badPage).min(0, badPage).max(MAX_ID, badPage));

/** The keyset position of a list's page: `apos` going forward, `antes` going back, never both. */
export const pagePositionFields = { apos: position, antes: position };

/** Refuses both positions at once, the message where a bad position is shown (`apos`). */
export function onePagePosition<S extends z.ZodType<{ apos?: number; antes?: number }>>(schema: S): S {
  return schema.refine((p) => p.apos === undefined || p.antes === undefined, { path: ['apos'], message: badPage });
}

/** An admin list's search form: a text (`q`) and the keyset position of the page. */
export const searchListFormSchema = onePagePosition(
  z.object({
    q: z.preprocess(
      (v) => (v === undefined ? '' : v),
      z.string({ error: 'Busca inválida.' }).trim().max(100, 'Use até 100 caracteres na busca.'),
    ),
    ...pagePositionFields,
  }),
);

/** A list's address with no filter of its own (a UG's Auditoria, its members): only the keyset position. */
export const pageFormSchema = onePagePosition(z.object(pagePositionFields));
