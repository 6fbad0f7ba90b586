import { z } from 'zod';
import { cnpjField } from '../documents/document-fields.ts';

export const codigoField = z
  .string({ error: 'Informe o código.' })
  .trim()
  .min(1, 'Informe o código.')
  .max(20, 'O código deve ter no máximo 20 caracteres.')
  .regex(/^[0-9A-Za-z.\-_]+$/, 'Use apenas letras, números, ponto, hífen ou sublinhado no código.');

export const ugCreateSchema = z.object({
  codigo: codigoField,
  nome: z.string({ error: 'Informe o nome.' }).trim().min(1, 'Informe o nome.').max(200, 'O nome deve ter no máximo 200 caracteres.'),
  cnpj: cnpjField,
  agregadora: codigoField.optional(),
});

export type UgCreateInput = z.input<typeof ugCreateSchema>;

export const ugListSchema = z.object({
  q: z.string().trim().max(100, 'A busca deve ter no máximo 100 caracteres.').optional().default(''),
  page: z.coerce.number({ error: 'Página inválida.' }).int('Página inválida.').min(1, 'Página inválida.').max(100000, 'Página inválida.').default(1),
});
