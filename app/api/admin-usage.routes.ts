import { z } from 'zod';
import type { UsageService } from '../usage/usage.service.ts';
import { adminIntegracaoUsoSchema, usoToApi } from './admin-usage.schemas.ts';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { idParam } from './params.ts';

const getUso = defineOperation({
  tags: ['Administração: integrações'],
  scope: 'admin',
  method: 'get',
  path: '/admin/integracoes/{id}/uso',
  operationId: 'adminGetIntegracaoUso',
  summary: 'O uso de uma integração nos últimos 30 dias',
  description:
    'Por dia (no fuso do Tribunal), os tokens emitidos, as chamadas autenticadas à API e as recusas por motivo: os números do gráfico da página da integração no portal. ' +
    'Guardados por 90 dias.',
  params: z.object({ id: idParam('Id da integração.') }),
  response: { status: 200, description: 'O uso dos últimos 30 dias.', schema: adminIntegracaoUsoSchema },
});

/** `/v1/admin/integracoes/{id}/uso`: a key's usage chart, as numbers (scope admin). */
export function addAdminUsoRoutes(routes: ApiRoutes, service: UsageService): void {
  routes.add(getUso, async ({ params, caller }) => {
    const { integration, usage } = await service.forAdmin(caller, params.id);
    return usoToApi(integration.id, usage);
  });
}
