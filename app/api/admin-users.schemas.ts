import { z } from 'zod';
import type { PasswordLink } from '../users/users-admin.service.ts';
import { passwordLinkUrl } from '../users/password-link.service.ts';
import { userChangesSchema, userFieldsSchema } from '../users/users-admin.schemas.ts';
import type { User } from '../users/users.repository.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope } from './pagination.ts';

const fields = {
  id: z.number().int().meta({ description: 'Id do usuário (o `{id}` de `/v1/admin/usuarios/{id}`).', example: 31 }),
  nome: z.string().meta({ description: 'Nome completo do usuário.', example: 'Ana Maria de Souza' }),
  cpf: z.string().nullable().meta({
    description: 'CPF, somente os 11 dígitos, sem máscara; null apenas no administrador criado por ADMIN_EMAIL.',
    example: '52998224725',
  }),
  email: z
    .string()
    .meta({ description: 'E-mail com que o usuário entra no portal, em minúsculas.', example: 'ana.souza@vitoria.es.gov.br' }),
  isAdmin: z.boolean().meta({ description: 'Se é administrador do sistema.', example: false }),
  ativo: z.boolean().meta({ description: 'Um usuário desativado não entra no portal.', example: true }),
  createdAt: z.iso.datetime().meta({ description: 'Quando o usuário foi cadastrado (UTC).', example: '2026-11-24T13:05:00.000Z' }),
};

type AdminUsuario = z.output<z.ZodObject<typeof fields>>;

/** The user of the examples: a UG's employee, registered by a Sys Admin. */
const exampleUsuario = {
  id: 31,
  nome: 'Ana Maria de Souza',
  cpf: '52998224725',
  email: 'ana.souza@vitoria.es.gov.br',
  isAdmin: false,
  ativo: true,
  createdAt: '2026-11-24T13:05:00.000Z',
} satisfies AdminUsuario;

const examplePasswordLink = {
  url: 'https://cidades.tce.es.gov.br/redefinir-senha/Yk3r9QbT2mWx7LpN4cHd8sVf1ZaJ6uEo',
  expiresAt: '2026-11-25T13:05:00.000Z',
};

const passwordLinkField = z
  .object({
    url: z.string().meta({
      description: 'O link, de uso único, em que o usuário define a senha. Aparece somente nesta resposta: envie-o ao usuário.',
      example: examplePasswordLink.url,
    }),
    expiresAt: z.iso
      .datetime()
      .meta({ description: 'Até quando o link funciona (UTC): 24 horas depois de gerado.', example: examplePasswordLink.expiresAt }),
  })
  .meta({
    description: 'O link para o usuário definir a senha; nenhuma senha é criada pela API.',
    example: examplePasswordLink,
  });

export const adminUsuarioSchema = z.object(fields).register(apiSchemas, {
  id: 'AdminUsuario',
  description: 'Um usuário do portal (nunca a senha).',
  example: exampleUsuario,
});

export const adminUsuarioCriadoSchema = z.object({ ...fields, passwordLink: passwordLinkField }).register(apiSchemas, {
  id: 'AdminUsuarioCriado',
  description: 'O usuário criado, com o link para definir a senha (exibido somente agora).',
  example: { ...exampleUsuario, passwordLink: examplePasswordLink },
});

export const adminUsuarioAlteradoSchema = z.object({ ...fields, passwordLink: passwordLinkField.optional() }).register(apiSchemas, {
  id: 'AdminUsuarioAlterado',
  description: 'O usuário alterado; com `passwordLink` somente quando `redefinirSenha` foi pedido.',
  example: { ...exampleUsuario, ativo: false },
});

export const adminUsuarioListSchema = listEnvelope(adminUsuarioSchema, 'AdminUsuarioLista', 'Uma página dos usuários.');

export const adminUsuarioBody = userFieldsSchema.meta({
  description: 'Todos os campos. O CPF é aceito com ou sem pontuação e tem os dígitos verificadores conferidos.',
});

/** A user as a Sys Admin registers it: a UG's employee, not an administrator. */
export const adminUsuarioBodyExample = {
  nome: 'Ana Maria de Souza',
  cpf: '529.982.247-25',
  email: 'ana.souza@vitoria.es.gov.br',
  isAdmin: false,
} satisfies z.input<typeof adminUsuarioBody>;

export const adminUsuarioPatchBody = userChangesSchema.meta({
  description:
    'Somente os campos enviados mudam. `ativo: false` desativa o usuário e encerra as sessões dele; desativar um inativo, ou reativar um ativo, não muda nada. ' +
    '`redefinirSenha: true`: a senha atual deixa de valer, as sessões do usuário terminam e a resposta traz um novo link, de uso único.',
});

export function toApi(user: User): z.input<typeof adminUsuarioSchema> {
  const { id, nome, cpf, email, isAdmin, ativo, createdAt } = user;
  return { id, nome, cpf, email, isAdmin, ativo, createdAt: createdAt.toISOString() };
}

export function passwordLinkToApi(publicUrl: string, link: PasswordLink): z.input<typeof passwordLinkField> {
  return { url: passwordLinkUrl(publicUrl, link.token), expiresAt: link.expiresAt.toISOString() };
}
