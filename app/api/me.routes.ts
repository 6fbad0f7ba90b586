import { z } from 'zod';
import { defineOperation, type ApiRoutes } from './api-routes.ts';
import { apiSchemas } from './openapi.ts';
import { codeList } from '../records/fields.ts';
import { ugSchema } from './ugs.routes.ts';

/** The examples: an integração of the Prefeitura de Vitória, an agregadora, reads its own UG and the two under it. */
const vitoria = { id: 12, codigo: '012E0100001', nome: 'Prefeitura Municipal de Vitória' };
const vitoriaWithItsUgs = [
  vitoria,
  { id: 13, codigo: '012E0500001', nome: 'Fundo Municipal de Saúde de Vitória' },
  { id: 14, codigo: '012E0600001', nome: 'Instituto de Previdência e Assistência dos Servidores do Município de Vitória' },
];

/** The fields of `UnidadeGestora` that name a UG, with their descriptions. */
const ugRefSchema = ugSchema.pick({ id: true, codigo: true, nome: true }).register(apiSchemas, {
  id: 'UnidadeGestoraRef',
  description: 'Uma unidade gestora, como outros registros a mencionam.',
  example: vitoria,
});

/** What each scope of a token allows. */
const scopeMeanings = {
  leitura: 'consultar os dados das UGs visíveis',
  escrita: 'consultar, e também enviar e alterar os dados da própria UG',
  admin: 'administrar unidades gestoras, usuários e integrações em /v1/admin; só integrações da UG do Tribunal',
} as const;

export const meSchema = z
  .object({
    clientId: z.string().meta({ description: 'Client id da integração dona do token.', example: 'cid_3pQGFMQiQDqtxXWhMmA4U2' }),
    unidadeGestora: ugRefSchema.meta({ description: 'A unidade gestora da integração.' }),
    unidadesGestorasVisiveis: z
      .array(ugRefSchema)
      .meta({ description: 'As UGs cujos dados o token consulta: a própria e, numa UG agregadora, todas as UGs sob ela.' }),
    scopes: z.array(z.enum(['leitura', 'escrita', 'admin'])).meta({
      description: `Os escopos do token: ${codeList(scopeMeanings)}. Uma operação pede um deles; \`escrita\` inclui \`leitura\`.`,
      example: ['leitura', 'escrita'],
    }),
    expiresAt: z.iso.datetime().meta({
      description: 'Quando o token expira (ISO 8601, UTC); depois, obtenha outro em /oauth/token.',
      example: '2026-11-24T13:15:00.000Z',
    }),
  })
  .register(apiSchemas, {
    id: 'Me',
    description: 'Quem é o token: para conferir a configuração da integração.',
    example: {
      clientId: 'cid_3pQGFMQiQDqtxXWhMmA4U2',
      unidadeGestora: vitoria,
      unidadesGestorasVisiveis: vitoriaWithItsUgs,
      scopes: ['leitura', 'escrita'],
      expiresAt: '2026-11-24T13:15:00.000Z',
    },
  });

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
