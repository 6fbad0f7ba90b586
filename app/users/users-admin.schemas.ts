import { z } from 'zod';
import { cpfField } from '../documents/document-fields.ts';
import { adminFiltersFormSchema } from '../integrations/integrations-admin.schemas.ts';
import { emailField, nomeField } from './users.schemas.ts';

const booleanField = (message: string) => z.boolean({ error: message });

/** A user as a Sys Admin creates or edits it (all fields; a PUT). */
export const userFieldsSchema = z.object({
  nome: nomeField,
  cpf: cpfField,
  email: emailField,
  isAdmin: booleanField('Informe se o usuário é administrador do sistema.'),
});

/** A PATCH: any of the fields, `ativo` to deactivate or reactivate, `redefinirSenha` for a new one-time link. */
export const userChangesSchema = userFieldsSchema.partial().extend({
  ativo: booleanField('Informe se o usuário está ativo.').optional(),
  redefinirSenha: booleanField('Use true para forçar a redefinição de senha.').optional(),
});

/** The portal's search form: the same `q` and `apos` (the page) as the other administration lists. */
export const usersFiltersFormSchema = adminFiltersFormSchema.pick({ q: true, apos: true });
