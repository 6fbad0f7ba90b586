import { z } from 'zod';
import type { UgsAdminService } from '../ugs/ugs-admin.service.ts';
import type { UgMembersService } from '../ugs/ug-members.service.ts';
import {
  adminMembroBody,
  adminMembroListSchema,
  adminMembroSchema,
  adminUgBody,
  adminUgBodyExample,
  adminUgListSchema,
  adminUgPatchBody,
  adminUgSchema,
  memberToApi,
  toApi,
} from './admin-ugs.schemas.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { pageParams } from './pagination.ts';
import { idParam } from './params.ts';

const tags = ['Administração: unidades gestoras'];
const common = { tags, scope: 'admin' as const };
const PATH = '/admin/unidades-gestoras';
const idParams = z.object({ id: idParam('Id da unidade gestora.') });
const memberParams = idParams.extend({ userId: idParam('Id do usuário.') });

const list = defineOperation({
  ...common,
  method: 'get',
  path: PATH,
  operationId: 'adminListUnidadesGestoras',
  summary: 'Todas as unidades gestoras',
  description:
    'Lista as unidades gestoras, em ordem de id, com busca por código, nome ou CNPJ (com ou sem máscara). Exige o escopo `admin`.',
  query: z.object({
    q: z.string().trim().min(1).max(100).optional().meta({ description: 'Texto no código, no nome ou no CNPJ.', example: 'vitória' }),
    ...pageParams,
  }),
  response: { status: 200, description: 'Uma página das unidades gestoras.', schema: adminUgListSchema },
});

const get = defineOperation({
  ...common,
  method: 'get',
  path: `${PATH}/{id}`,
  operationId: 'adminGetUnidadeGestora',
  summary: 'Uma unidade gestora',
  description: 'Uma unidade gestora, com a agregadora, a situação e o gestor atual.',
  params: idParams,
  response: { status: 200, description: 'A unidade gestora.', schema: adminUgSchema },
});

const create = defineOperation({
  ...common,
  method: 'post',
  path: PATH,
  operationId: 'adminCreateUnidadeGestora',
  summary: 'Cadastrar uma unidade gestora',
  description:
    'Cadastra uma UG. O CNPJ é conferido pelos dígitos verificadores (numérico ou alfanumérico); código e CNPJ repetidos respondem 409 CONFLICT.',
  body: adminUgBody,
  example: adminUgBodyExample,
  response: { status: 201, description: 'A UG cadastrada.', schema: adminUgSchema, headers: { Location: 'O endereço da UG cadastrada.' } },
  errors: ['CONFLICT'],
});

const replace = defineOperation({
  ...common,
  method: 'put',
  path: `${PATH}/{id}`,
  operationId: 'adminReplaceUnidadeGestora',
  summary: 'Alterar os dados de uma unidade gestora',
  description:
    'Substitui código, nome, CNPJ e agregadora (sem `agregadoraId`: nenhuma). Uma agregadora abaixo desta UG responde 409 UG_CYCLE.',
  params: idParams,
  body: adminUgBody,
  example: { ...adminUgBodyExample, nome: 'Prefeitura Municipal de Vitória (Administração Direta)' },
  response: { status: 200, description: 'A UG alterada.', schema: adminUgSchema },
  errors: ['CONFLICT', 'UG_CYCLE'],
});

const patch = defineOperation({
  ...common,
  method: 'patch',
  path: `${PATH}/{id}`,
  operationId: 'adminUpdateUnidadeGestora',
  summary: 'Alterar, desativar ou reativar uma unidade gestora',
  description:
    'Altera os campos enviados; `ativa` desativa ou reativa a UG (idempotente). A UG do Tribunal não pode ser desativada: 409 UG_TRIBUNAL, sem alterar nada.',
  params: idParams,
  body: adminUgPatchBody,
  example: { ativa: false },
  response: { status: 200, description: 'A UG alterada.', schema: adminUgSchema },
  errors: ['CONFLICT', 'UG_CYCLE', 'UG_TRIBUNAL'],
});

const remove = defineOperation({
  ...common,
  method: 'delete',
  path: `${PATH}/{id}`,
  operationId: 'adminDeleteUnidadeGestora',
  summary: 'Excluir uma unidade gestora sem uso',
  description:
    'Exclui uma UG sem membros, integrações, UGs agregadas ou dados; as demais respondem 409 UG_IN_USE: desative-as (`PATCH` com `ativa: false`). ' +
    'A UG do Tribunal nunca é excluída: 409 UG_TRIBUNAL.',
  params: idParams,
  response: { status: 204, description: 'Excluída.' },
  errors: ['UG_IN_USE', 'UG_TRIBUNAL'],
});

const listMembers = defineOperation({
  ...common,
  method: 'get',
  path: `${PATH}/{id}/usuarios`,
  operationId: 'adminListMembrosUnidadeGestora',
  summary: 'Membros de uma unidade gestora',
  description: 'Os usuários membros da UG, em ordem de id, com o papel de cada um (o gestor atual e os membros).',
  params: idParams,
  query: z.object(pageParams),
  response: { status: 200, description: 'Uma página dos membros.', schema: adminMembroListSchema },
});

const putMember = defineOperation({
  ...common,
  method: 'put',
  path: `${PATH}/{id}/usuarios/{userId}`,
  operationId: 'adminPutMembroUnidadeGestora',
  summary: 'Incluir um membro ou mudar o seu papel',
  description:
    'Inclui o usuário na UG, ou muda o seu papel. `gestor` troca o gestor da UG (a gestão anterior termina e fica no histórico; o novo gestor vê o aviso para renovar as chaves). ' +
    'O gestor atual só deixa de ser gestor quando outro é definido: `membro` para ele responde 409 UG_GESTOR_REQUIRED. Repetir não muda nada.',
  params: memberParams,
  body: adminMembroBody,
  example: { papel: 'gestor' },
  response: { status: 200, description: 'O membro, com o seu papel.', schema: adminMembroSchema },
  errors: ['UG_GESTOR_REQUIRED'],
});

const removeMember = defineOperation({
  ...common,
  method: 'delete',
  path: `${PATH}/{id}/usuarios/{userId}`,
  operationId: 'adminDeleteMembroUnidadeGestora',
  summary: 'Remover um membro',
  description:
    'Remove o usuário da UG (nada a fazer se já não é membro). O gestor atual responde 409 UG_GESTOR_REQUIRED: defina outro gestor antes.',
  params: memberParams,
  response: { status: 204, description: 'Removido.' },
  errors: ['UG_GESTOR_REQUIRED'],
});

/** `/v1/admin/unidades-gestoras`: what the portal's Administração → Unidades Gestoras does, for automation (scope admin). */
export function addAdminUgsRoutes(routes: ApiRoutes, service: UgsAdminService, members: UgMembersService): void {
  routes.add(list, async ({ query, caller, cursors }) =>
    cursors.envelope(await service.list(caller, query.q, cursors.request(query)), toApi),
  );
  routes.add(get, async ({ params, caller }) => toApi(await service.find(caller, params.id)));
  routes.add(create, async ({ body, caller, res }) => {
    const ug = await service.create(caller, body);
    res.setHeader('Location', `/api/v1${PATH}/${ug.id}`);
    return toApi(ug);
  });
  routes.add(replace, async ({ params, body, caller }) => toApi(await service.replace(caller, params.id, body)));
  routes.add(patch, async ({ params, body, caller }) => toApi(await service.patch(caller, params.id, body)));
  routes.add(remove, async ({ params, caller }) => {
    await service.delete(caller, params.id);
  });
  routes.add(listMembers, async ({ params, query, caller, cursors }) =>
    cursors.envelope(await members.members(caller, params.id, cursors.request(query)), memberToApi),
  );
  routes.add(putMember, async ({ params, body, caller }) =>
    memberToApi(await members.setMembership(caller, params.id, { id: params.userId }, body.papel)),
  );
  routes.add(removeMember, async ({ params, caller }) => {
    await members.removeMember(caller, params.id, params.userId);
  });
}
