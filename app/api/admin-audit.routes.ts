import type { AuditLogService } from '../audit/audit-log.service.ts';
import { auditoriaListSchema, auditoriaQuery, toApi } from './admin-audit.schemas.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';

const list = defineOperation({
  tags: ['Administração: auditoria'],
  scope: 'admin',
  method: 'get',
  path: '/admin/auditoria',
  operationId: 'adminListAuditoria',
  summary: 'Trilha de auditoria',
  description:
    'Todos os eventos do sistema (entradas no portal, alterações de usuários, UGs, integrações e dados), do mais recente ao mais antigo, ' +
    'filtrados por UG, usuário, integração, ação e período. Consultar a trilha não gera evento. Exige o escopo `admin`.',
  query: auditoriaQuery,
  response: { status: 200, description: 'Uma página dos eventos.', schema: auditoriaListSchema },
});

/** `/v1/admin/auditoria`: the portal's Administração → Auditoria, for automation (scope admin). */
export function addAdminAuditoriaRoutes(routes: ApiRoutes, service: AuditLogService): void {
  routes.add(list, async ({ query, caller, cursors }) => {
    const filters = {
      ugId: query.ug,
      actorUserId: query.usuario,
      actorClientId: query.clientId,
      action: query.acao,
      de: query.de,
      ate: query.ate,
    };
    return cursors.envelope(await service.list(caller, filters, cursors.request(query)), toApi);
  });
}
