import { z } from 'zod';
import { blankIsAbsent, MAX_ID } from './fields.ts';

/** An admin list's search form: a text (`q`) and the keyset position of the page (`apos`, absent on the first). */
export const searchListFormSchema = z.object({
  q: z.preprocess(
    (v) => (v === undefined ? '' : v),
    z.string({ error: 'Busca inválida.' }).trim().max(100, 'Use até 100 caracteres na busca.'),
  ),
  apos: blankIsAbsent(
    z.coerce.number({ error: 'Página inválida.' }).int('Página inválida.').min(0, 'Página inválida.').max(MAX_ID, 'Página inválida.'),
  ),
});

/** A list's address with no filter of its own (a UG's Auditoria, its members): only the keyset position. */
export const pageFormSchema = searchListFormSchema.pick({ apos: true });
