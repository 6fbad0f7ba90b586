import { z } from 'zod';
import type { IntegrationsAdminService } from '../integrations/integrations-admin.service.ts';
import { permissoes } from '../integrations/integrations.schemas.ts';
import {
  adminIntegracaoAlteradaSchema,
  adminIntegracaoComSegredoSchema,
  adminIntegracaoCreateBody,
  adminIntegracaoListSchema,
  adminIntegracaoPatchBody,
  adminIntegracaoSchema,
  toApi,
} from './admin-integrations.schemas.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { pageParams } from './pagination.ts';
import { booleanParam, idParam } from './params.ts';

const tags = ['Administração: integrações'];
const idParams = z.object({ id: idParam('Id da integração.') });
const common = { tags, scope: 'admin' as const };

const list = defineOperation({
  ...common,
  method: 'get',
  path: '/admin/integracoes',
  operationId: 'adminListIntegracoes',
  summary: 'Integrações de todas as UGs',
  description: 'Lista as integrações de todas as unidades gestoras, em ordem de id, com filtros. Exige o escopo `admin`.',
  query: z.object({
    ug: idParam('Somente as integrações desta unidade gestora (id).').optional(),
    bloqueada: booleanParam('`true`: somente as bloqueadas; `false`: somente as ativas.'),
    permissao: z.enum(permissoes).optional().meta({ description: 'Somente as desta permissão.', example: 'escrita' }),
    q: z.string().trim().min(1).max(100).optional().meta({ description: 'Texto na descrição ou no client id.', example: 'folha' }),
    ...pageParams,
  }),
  response: { status: 200, description: 'Uma página das integrações.', schema: adminIntegracaoListSchema },
});

const get = defineOperation({
  ...common,
  method: 'get',
  path: '/admin/integracoes/{id}',
  operationId: 'adminGetIntegracao',
  summary: 'Uma integração',
  description: 'Uma integração de qualquer UG, sem o segredo.',
  params: idParams,
  response: { status: 200, description: 'A integração.', schema: adminIntegracaoSchema },
});

const create = defineOperation({
  ...common,
  method: 'post',
  path: '/admin/integracoes',
  operationId: 'adminCreateIntegracao',
  summary: 'Criar uma integração numa UG',
  description:
    'Cria uma integração na UG indicada; a resposta traz o client secret, uma única vez. `admin: true` somente na UG do Tribunal (senão 403 FORBIDDEN). ' +
    'Numa UG desativada, 409 UG_INACTIVE.',
  body: adminIntegracaoCreateBody,
  example: { ugId: 12, descricao: 'Sistema de folha de pagamento', permissao: 'leitura' },
  response: { status: 201, description: 'A integração criada, com o segredo.', schema: adminIntegracaoComSegredoSchema },
  errors: ['NOT_FOUND', 'FORBIDDEN', 'UG_INACTIVE'],
});

const patch = defineOperation({
  ...common,
  method: 'patch',
  path: '/admin/integracoes/{id}',
  operationId: 'adminUpdateIntegracao',
  summary: 'Alterar, bloquear, desbloquear ou renovar',
  description:
    'Altera descrição e permissão (a nova permissão vale para o próximo token; rebaixada a `leitura`, os tokens já emitidos perdem o escopo `escrita` em cerca de um segundo); bloqueia (com motivo, mostrado ao gestor da UG) ou desbloqueia (o mesmo segredo volta a valer); ' +
    '`renovarSegredo: true` gera um novo segredo, devolvido somente nesta resposta. Uma integração bloqueada não tem o segredo renovado (409 INTEGRATION_BLOCKED), ' +
    'nem uma de UG desativada (409 UG_INACTIVE).',
  params: idParams,
  body: adminIntegracaoPatchBody,
  example: { bloqueada: true, motivo: 'Segredo exposto em repositório público.' },
  response: { status: 200, description: 'A integração alterada.', schema: adminIntegracaoAlteradaSchema },
  errors: ['INTEGRATION_BLOCKED', 'UG_INACTIVE'],
});

const remove = defineOperation({
  ...common,
  method: 'delete',
  path: '/admin/integracoes/{id}',
  operationId: 'adminDeleteIntegracao',
  summary: 'Excluir uma integração',
  description: 'Exclui a integração: nenhum token novo, e os emitidos deixam de valer em cerca de um segundo.',
  params: idParams,
  response: { status: 204, description: 'Excluída.' },
});

/** `/v1/admin/integracoes`: what the portal's admin area does with every UG's keys, for automation (scope admin). */
export function addAdminIntegracoesRoutes(routes: ApiRoutes, service: IntegrationsAdminService): void {
  routes.add(list, async ({ query, caller, cursors }) => {
    const filters = { ugId: query.ug, bloqueada: query.bloqueada, permissao: query.permissao, q: query.q };
    return cursors.envelope(await service.list(caller, filters, cursors.request(query)), toApi);
  });
  routes.add(get, async ({ params, caller }) => toApi(await service.find(caller, params.id)));
  routes.add(create, async ({ body, caller, res }) => {
    const { integration, clientSecret } = await service.create(caller, body);
    res.setHeader('Location', `/api/v1/admin/integracoes/${integration.id}`);
    return { ...toApi(integration), clientSecret };
  });
  routes.add(patch, async ({ params, body, caller }) => {
    const { integration, clientSecret } = await service.patch(caller, params.id, body);
    return clientSecret === undefined ? toApi(integration) : { ...toApi(integration), clientSecret };
  });
  routes.add(remove, async ({ params, caller }) => {
    await service.delete(caller, params.id);
  });
}
