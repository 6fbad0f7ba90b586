import { z } from 'zod';
import { cpfField } from '../documents/document-fields.ts';
import { strictObject } from '../records/fields.ts';
import { emailField, nomeField } from './users.schemas.ts';

const booleanField = (message: string) => z.boolean({ error: message });

const lastAdmin = 'O último administrador do sistema ativo não pode deixar de sê-lo: 409 LAST_ADMIN.';

/** A user as a Sys Admin creates or edits it (all fields; a PUT). */
export const userFieldsSchema = strictObject({
  nome: nomeField.meta({ description: 'Nome completo do usuário (1 a 200 caracteres).', example: 'Ana Maria de Souza' }),
  cpf: cpfField.meta({
    description:
      'CPF do usuário, com ou sem máscara (`529.982.247-25` ou `52998224725`); os dígitos verificadores são conferidos, ' +
      'e ele é guardado (e devolvido) somente com os 11 dígitos. Um CPF já cadastrado em outro usuário responde 409 CONFLICT.',
    example: '529.982.247-25',
  }),
  email: emailField.meta({
    description:
      'E-mail com que o usuário entra no portal (até 254 caracteres), guardado em minúsculas. ' +
      'Um e-mail já cadastrado em outro usuário responde 409 CONFLICT.',
    example: 'ana.souza@vitoria.es.gov.br',
  }),
  isAdmin: booleanField('Informe se o usuário é administrador do sistema.').meta({
    description: `\`true\`: administrador do sistema (a Administração do portal: usuários, unidades gestoras, integrações e auditoria). ${lastAdmin}`,
    example: false,
  }),
});

export type UserFieldsInput = z.output<typeof userFieldsSchema>;

/** A PATCH: any of the fields, `ativo` to deactivate or reactivate, `redefinirSenha` for a new one-time link. */
export const userChangesSchema = userFieldsSchema.partial().extend({
  ativo: booleanField('Informe se o usuário está ativo.')
    .optional()
    .meta({
      description:
        '`false` desativa o usuário: ele não entra mais no portal, e as suas sessões terminam na hora; `true` o reativa. ' +
        'Desativar um inativo, ou reativar um ativo, não muda nada. O último administrador do sistema ativo não pode ser desativado: 409 LAST_ADMIN.',
      example: false,
    }),
  redefinirSenha: booleanField('Use true para forçar a redefinição de senha.')
    .optional()
    .meta({
      description:
        '`true`: a senha atual deixa de valer, as sessões do usuário terminam, e a resposta traz em `passwordLink` um novo link, ' +
        'de uso único e válido por 24 horas, em que ele define outra senha. `false` (ou sem o campo): a senha não muda.',
      example: false,
    }),
});

export type UserChanges = z.output<typeof userChangesSchema>;

/** The portal's user form: the same fields, with "administrador do sistema" answered Sim (`sim`) or Não (`nao`). */
export const userFormSchema = userFieldsSchema.extend({
  isAdmin: z.preprocess((v) => (v === 'sim' ? true : v === 'nao' ? false : v), userFieldsSchema.shape.isAdmin),
});
