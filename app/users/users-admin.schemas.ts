import { z } from 'zod';
import { cpfField } from '../documents/document-fields.ts';
import { strictObject } from '../records/fields.ts';
import { emailField, nomeField } from './users.schemas.ts';

const booleanField = (message: string) => z.boolean({ error: message });

/** A user as a Sys Admin creates or edits it (all fields; a PUT). */
export const userFieldsSchema = strictObject({
  nome: nomeField,
  cpf: cpfField,
  email: emailField,
  isAdmin: booleanField('Informe se o usuário é administrador do sistema.'),
});

export type UserFieldsInput = z.output<typeof userFieldsSchema>;

/** A PATCH: any of the fields, `ativo` to deactivate or reactivate, `redefinirSenha` for a new one-time link. */
export const userChangesSchema = userFieldsSchema.partial().extend({
  ativo: booleanField('Informe se o usuário está ativo.').optional(),
  redefinirSenha: booleanField('Use true para forçar a redefinição de senha.').optional(),
});

export type UserChanges = z.output<typeof userChangesSchema>;

/** The portal's user form: the same fields, with "administrador do sistema" answered Sim (`sim`) or Não (`nao`). */
export const userFormSchema = userFieldsSchema.extend({
  isAdmin: z.preprocess((v) => (v === 'sim' ? true : v === 'nao' ? false : v), userFieldsSchema.shape.isAdmin),
});
