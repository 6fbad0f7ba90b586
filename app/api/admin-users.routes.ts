import { z } from 'zod';
import type { UsersAdminService } from '../users/users-admin.service.ts';
import {
  adminUsuarioAlteradoSchema,
  adminUsuarioBody,
  adminUsuarioBodyExample,
  adminUsuarioCriadoSchema,
  adminUsuarioListSchema,
  adminUsuarioPatchBody,
  adminUsuarioSchema,
  passwordLinkToApi,
  toApi,
} from './admin-users.schemas.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { pageParams } from './pagination.ts';
import { idParam } from './params.ts';

const tags = ['Administração: usuários'];
const idParams = z.object({ id: idParam('Id do usuário.') });
const common = { tags, scope: 'admin' as const };
const lastAdmin = 'O último administrador do sistema ativo não pode ser desativado nem deixar de ser administrador (409 LAST_ADMIN).';

const list = defineOperation({
  ...common,
  method: 'get',
  path: '/admin/usuarios',
  operationId: 'adminListUsuarios',
  summary: 'Usuários',
  description: 'Lista os usuários do portal, em ordem de id. Exige o escopo `admin`.',
  query: z.object({
    q: z.string().trim().min(1).max(100).optional().meta({
      description: 'Texto no nome, no e-mail ou no CPF (com ou sem pontuação); sem distinguir maiúsculas nem acentos.',
      example: 'souza',
    }),
    ...pageParams,
  }),
  response: { status: 200, description: 'Uma página dos usuários.', schema: adminUsuarioListSchema },
});

const get = defineOperation({
  ...common,
  method: 'get',
  path: '/admin/usuarios/{id}',
  operationId: 'adminGetUsuario',
  summary: 'Um usuário',
  description: 'Um usuário, sem a senha.',
  params: idParams,
  response: { status: 200, description: 'O usuário.', schema: adminUsuarioSchema },
});

const create = defineOperation({
  ...common,
  method: 'post',
  path: '/admin/usuarios',
  operationId: 'adminCreateUsuario',
  summary: 'Cadastrar um usuário',
  description:
    'Cadastra um usuário sem senha: a resposta traz, uma única vez, o link em que ele mesmo define a senha (válido por 24 horas). E-mail ou CPF já cadastrados: 409 CONFLICT, com o campo.',
  body: adminUsuarioBody,
  example: adminUsuarioBodyExample,
  response: {
    status: 201,
    description: 'O usuário cadastrado, com o link para definir a senha.',
    schema: adminUsuarioCriadoSchema,
    headers: { Location: 'O endereço do usuário cadastrado.' },
  },
  errors: ['CONFLICT'],
});

const put = defineOperation({
  ...common,
  method: 'put',
  path: '/admin/usuarios/{id}',
  operationId: 'adminReplaceUsuario',
  summary: 'Alterar um usuário',
  description: `Substitui nome, CPF, e-mail e se é administrador. Repetir a mesma requisição não muda mais nada. ${lastAdmin}`,
  params: idParams,
  body: adminUsuarioBody,
  example: { ...adminUsuarioBodyExample, nome: 'Ana Maria de Souza Lima' },
  response: { status: 200, description: 'O usuário alterado.', schema: adminUsuarioSchema },
  errors: ['CONFLICT', 'LAST_ADMIN'],
});

const patch = defineOperation({
  ...common,
  method: 'patch',
  path: '/admin/usuarios/{id}',
  operationId: 'adminUpdateUsuario',
  summary: 'Desativar, reativar, alterar ou redefinir a senha',
  description: `Altera os campos enviados; \`ativo\` desativa (as sessões do usuário terminam na hora) ou reativa; \`redefinirSenha: true\` devolve um novo link para definir a senha. ${lastAdmin}`,
  params: idParams,
  body: adminUsuarioPatchBody,
  example: { ativo: false },
  response: { status: 200, description: 'O usuário alterado.', schema: adminUsuarioAlteradoSchema },
  errors: ['CONFLICT', 'LAST_ADMIN'],
});

/** `/v1/admin/usuarios`: what the portal's Administração → Usuários does, for automation (scope admin). */
export function addAdminUsuariosRoutes(routes: ApiRoutes, service: UsersAdminService, publicUrl: string): void {
  routes.add(list, async ({ query, caller, cursors }) =>
    cursors.envelope(await service.list(caller, query.q, cursors.request(query)), toApi),
  );
  routes.add(get, async ({ params, caller }) => toApi(await service.find(caller, params.id)));
  routes.add(create, async ({ body, caller, res }) => {
    const { user, passwordLink } = await service.create(caller, body);
    res.setHeader('Location', `/api/v1/admin/usuarios/${user.id}`);
    return { ...toApi(user), passwordLink: passwordLinkToApi(publicUrl, passwordLink) };
  });
  routes.add(put, async ({ params, body, caller }) => toApi(await service.update(caller, params.id, body)));
  routes.add(patch, async ({ params, body, caller }) => {
    const { user, passwordLink } = await service.patch(caller, params.id, body);
    return passwordLink === undefined ? toApi(user) : { ...toApi(user), passwordLink: passwordLinkToApi(publicUrl, passwordLink) };
  });
}
