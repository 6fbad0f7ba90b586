import { z } from 'zod';
import { strictObject } from '../records/fields.ts';
import { searchListFormSchema } from '../records/list-form.ts';
import { blankAsNone, codigoField } from '../ugs/ugs.schemas.ts';
import { integrationCreateSchema, permissoes } from './integrations.schemas.ts';

const motivoMessage = 'Informe o motivo do bloqueio (até 500 caracteres); ele é mostrado ao gestor da unidade gestora.';

/** The reason of a block, shown to the UG's gestor on its Integrações page. */
export const motivoField = z.string({ error: motivoMessage }).trim().min(1, motivoMessage).max(500, motivoMessage);

/** A block's input: its errors name the field `motivo`, next to which a form shows them. */
export const blockSchema = z.object({ motivo: motivoField });

/** What a Sys Admin may change in a key; `bloqueada: true` needs a `motivo`. */
export const integrationChangesSchema = strictObject({
  descricao: integrationCreateSchema.shape.descricao.optional(),
  permissao: integrationCreateSchema.shape.permissao.optional(),
  bloqueada: z.boolean().optional(),
  motivo: motivoField.optional(),
  renovarSegredo: z.boolean().optional(),
}).refine((c) => c.bloqueada !== true || c.motivo !== undefined, { path: ['motivo'], message: motivoMessage });

export type IntegrationChanges = z.output<typeof integrationChangesSchema>;

/** The filters of the portal's list, as its form submits them (empty fields mean "any"), with its search and page. */
export const adminFiltersFormSchema = searchListFormSchema.extend({
  ug: z.preprocess(blankAsNone, codigoField.optional()),
  situacao: z.preprocess(blankAsNone, z.enum(['ativa', 'bloqueada'], { error: 'Situação inválida.' }).optional()),
  permissao: z.preprocess(blankAsNone, z.enum(permissoes, { error: 'Permissão inválida.' }).optional()),
});
