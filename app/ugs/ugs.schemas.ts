import { z } from 'zod';
import { normalizeCpf } from '../documents/check-digits.ts';
import { cnpjField } from '../documents/document-fields.ts';
import { blankIsAbsent, jsonIdField, strictObject } from '../records/fields.ts';
import { emailField } from '../users/users.schemas.ts';

export const codigoField = z
  .string({ error: 'Informe o código.' })
  .trim()
  .min(1, 'Informe o código.')
  .max(20, 'O código deve ter no máximo 20 caracteres.')
  .regex(/^[0-9A-Za-z.\-_]+$/, 'Use apenas letras, números, ponto, hífen ou sublinhado no código.');

/**
 * A UG's fields. The agregadora is named by `agregadora` (its código: the portal, the command line) or by
 * `agregadoraId` (its id, null for none: the admin API).
 */
export const ugCreateSchema = strictObject({
  codigo: codigoField.meta({
    description:
      'Código da unidade gestora no Tribunal: 1 a 20 caracteres, somente letras sem acento, algarismos, ponto, hífen ou sublinhado ' +
      '(espaços nas pontas são removidos). Um código já cadastrado em outra UG responde 409 CONFLICT.',
    example: '012E0100001',
  }),
  nome: z
    .string({ error: 'Informe o nome.' })
    .trim()
    .min(1, 'Informe o nome.')
    .max(200, 'O nome deve ter no máximo 200 caracteres.')
    .meta({ description: 'Nome da unidade gestora (1 a 200 caracteres).', example: 'Prefeitura Municipal de Vitória' }),
  cnpj: cnpjField.meta({
    description:
      'CNPJ da unidade gestora, numérico ou alfanumérico, com ou sem máscara (`27.142.058/0001-26` ou `27142058000126`; ' +
      'letras minúsculas aceitas); os dígitos verificadores são conferidos, e ele é guardado (e devolvido) sem máscara: ' +
      '14 caracteres, letras em maiúsculas. Um CNPJ já cadastrado em outra UG responde 409 CONFLICT.',
    example: '27.142.058/0001-26',
  }),
  agregadora: blankIsAbsent(codigoField),
  agregadoraId: jsonIdField('Informe o id da UG agregadora, ou null.').nullable().optional(),
});

/** A UG's fields as the surfaces parse them (the admin API's body, the portal's form, the command line's options). */
export type UgCreateInput = z.output<typeof ugCreateSchema>;

/** A change of some of a UG's fields (the admin API's PATCH), including its situação. */
export const ugPatchSchema = ugCreateSchema.partial().extend({
  ativa: z
    .boolean({ error: 'Use true ou false.' })
    .optional()
    .meta({
      description:
        '`false` desativa a UG: as suas integrações deixam de obter tokens, e os já emitidos deixam de valer em cerca de um segundo; ' +
        '`true` a reativa, e os mesmos segredos voltam a valer (as integrações bloqueadas continuam bloqueadas). Repetir não muda nada. ' +
        'A UG do Tribunal não pode ser desativada: 409 UG_TRIBUNAL.',
      example: false,
    }),
});

export type UgPatchInput = z.output<typeof ugPatchSchema>;

export const papeis = ['membro', 'gestor'] as const;
export const papelField = z.enum(papeis, { error: 'Escolha o papel: membro ou gestor.' }).meta({
  description:
    '`membro` (acessa a UG no portal, sem gerenciar as suas integrações) ou `gestor` (gerencia as integrações da UG; um só por UG: ' +
    'definir um novo gestor encerra a gestão anterior, que fica no histórico).',
  example: 'gestor',
});

const usuarioMessage = 'Informe o e-mail ou o CPF de um usuário cadastrado.';

/** The portal's "add a member" form: the user by e-mail or CPF (masked or not), and the role. */
export const memberFormSchema = z.object({
  usuario: z
    .string({ error: usuarioMessage })
    .trim()
    .min(1, usuarioMessage)
    .max(254, usuarioMessage)
    .transform((value, ctx): { email: string } | { cpf: string } => {
      if (value.includes('@')) {
        const email = emailField.safeParse(value);
        if (email.success) return { email: email.data };
      } else {
        const cpf = normalizeCpf(value);
        if (cpf) return { cpf };
      }
      ctx.addIssue({ code: 'custom', message: 'E-mail inválido, ou CPF inválido: confira os dígitos verificadores.' });
      return z.NEVER;
    }),
  papel: papelField,
});

export type MemberFormInput = z.output<typeof memberFormSchema>;
