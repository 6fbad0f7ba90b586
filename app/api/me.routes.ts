import { z } from 'zod';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';

const ugRefSchema = z
  .object({
    id: z.number().int().meta({ example: 12 }),
    codigo: z.string().meta({ example: '012E0100001' }),
    nome: z.string().meta({ example: 'Prefeitura Municipal de Vitória' }),
  })
  .register(apiSchemas, { id: 'UnidadeGestoraRef', description: 'Uma unidade gestora, como outros registros a mencionam.' });

export const meSchema = z
  .object({
    clientId: z.string().meta({ description: 'Client id da integração dona do token.', example: 'cid_3pQGFMQiQDqtxXWhMmA4U2' }),
    unidadeGestora: ugRefSchema.meta({ description: 'A unidade gestora da integração.' }),
    unidadesGestorasVisiveis: z
      .array(ugRefSchema)
      .meta({ description: 'As UGs cujos dados o token consulta: a própria e, numa UG agregadora, todas as UGs sob ela.' }),
    scopes: z.array(z.enum(['leitura', 'escrita', 'admin'])).meta({ example: ['leitura', 'escrita'] }),
    expiresAt: z.iso.datetime().meta({ description: 'Quando o token expira.', example: '2026-11-23T18:10:00.000Z' }),
  })
  .register(apiSchemas, { id: 'Me', description: 'Quem é o token: para conferir a configuração da integração.' });

type Me = z.infer<typeof meSchema>;

const getMe = defineOperation({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  summary: 'Quem sou eu',
  description:
    'Mostra a integração, a unidade gestora, as UGs visíveis, os escopos e a expiração do token. Útil para conferir a configuração.',
  tags: ['Autenticação'],
  scope: null,
  response: { status: 200, description: 'O token e o que ele alcança.', schema: meSchema },
});

export function addMeRoutes(routes: ApiRoutes): void {
  routes.add(getMe, ({ tenant }): Me => {
    const own = tenant.visibleUgs.find((ug) => ug.id === tenant.ugId) ?? { id: tenant.ugId, codigo: tenant.ugCodigo, nome: '' };
    return {
      clientId: tenant.clientId,
      unidadeGestora: own,
      unidadesGestorasVisiveis: tenant.visibleUgs,
      scopes: tenant.scopes as Me['scopes'],
      expiresAt: tenant.expiresAt.toISOString(),
    };
  });
}
