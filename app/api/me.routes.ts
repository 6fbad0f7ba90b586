import express, { type Router } from 'express';
import { z } from 'zod';
import { apiSchemas, commonErrors, type OpenApiRegistry } from './openapi.ts';
import { tenantOf } from './tenant.ts';

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
    unidadesGestorasVisiveis: z.array(ugRefSchema).meta({ description: 'As UGs cujos dados o token consulta: a própria e, numa UG agregadora, todas as UGs sob ela.' }),
    scopes: z.array(z.enum(['leitura', 'escrita', 'admin'])).meta({ example: ['leitura', 'escrita'] }),
    expiresAt: z.iso.datetime().meta({ description: 'Quando o token expira.', example: '2026-11-23T18:10:00.000Z' }),
  })
  .register(apiSchemas, { id: 'Me', description: 'Quem é o token: para conferir a configuração da integração.' });

type Me = z.infer<typeof meSchema>;

export function createMeRoutes(registry: OpenApiRegistry): Router {
  const router = express.Router();
  registry.add({
    method: 'get',
    path: '/v1/me',
    operationId: 'getMe',
    summary: 'Quem sou eu',
    description: 'Mostra a integração, a unidade gestora, as UGs visíveis, os escopos e a expiração do token. Útil para conferir a configuração.',
    tags: ['Autenticação'],
    scopes: [],
    response: { status: 200, description: 'O token e o que ele alcança.', schema: meSchema },
    errors: { 401: commonErrors[401], 500: commonErrors[500] },
  });

  router.get('/me', (req, res) => {
    const tenant = tenantOf(req);
    const own = tenant.visibleUgs.find((ug) => ug.id === tenant.ugId) ?? { id: tenant.ugId, codigo: tenant.ugCodigo, nome: '' };
    const body: Me = {
      clientId: tenant.clientId,
      unidadeGestora: own,
      unidadesGestorasVisiveis: tenant.visibleUgs,
      scopes: tenant.scopes as Me['scopes'],
      expiresAt: tenant.expiresAt.toISOString(),
    };
    res.json(body);
  });
  return router;
}
