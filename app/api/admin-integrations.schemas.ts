import { z } from 'zod';
import type { AdminIntegration } from '../integrations/integrations-admin.repository.ts';
import { integrationChangesSchema } from '../integrations/integrations-admin.schemas.ts';
import { integrationCreateSchema, permissoes } from '../integrations/integrations.schemas.ts';
import { jsonIdField, strictObject } from '../records/fields.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope } from './pagination.ts';

const clientSecretField = z.string().meta({
  description: 'O client secret: aparece somente na resposta que cria ou renova a integração. Guarde-o.',
  example: 'cds_4Vq9Yb1mJz8Kc2Rt7Hn3Lp6Wd5Xs0FgAeBiCuDoEy',
});

/** The same names as `cidades integration list --json`, plus the UG, the admin scope and the situação. */
const fields = {
  id: z.number().int().meta({ example: 7 }),
  clientId: z.string().meta({ example: 'cid_3pQGFMQiQDqtxXWhMmA4U2' }),
  descricao: z.string().meta({ example: 'Sistema de folha de pagamento' }),
  ug: z.object({ id: z.number().int(), codigo: z.string(), nome: z.string() }).meta({
    description: 'A unidade gestora da integração.',
    example: { id: 12, codigo: '012E0100001', nome: 'Prefeitura Municipal de Vitória' },
  }),
  permissao: z.enum(permissoes).meta({ description: '`leitura` (consulta) ou `escrita` (consulta e envio de dados).', example: 'leitura' }),
  admin: z.boolean().meta({ description: 'Se a integração tem o escopo `admin` (somente integrações da UG do Tribunal).', example: false }),
  situacao: z.enum(['ativa', 'bloqueada']).meta({ example: 'ativa' }),
  bloqueada: z.boolean().meta({ example: false }),
  bloqueioMotivo: z.string().nullable().meta({ description: 'Por que foi bloqueada; mostrado ao gestor da UG.', example: null }),
  secretHint: z.string().meta({ description: 'O início do segredo atual, para reconhecê-lo.', example: 'cds_4Vq9…' }),
  secretCreatedAt: z.iso.datetime().meta({ example: '2026-11-20T13:05:00.000Z' }),
  createdAt: z.iso.datetime().meta({ example: '2026-11-20T13:05:00.000Z' }),
  createdByNome: z.string().meta({ example: 'Ana Gestora' }),
  lastUsedAt: z.iso
    .datetime()
    .nullable()
    .meta({ description: 'Última emissão de token (registrada no máximo uma vez por minuto).', example: null }),
  lastUsedIp: z.string().nullable().meta({ example: null }),
};

export const adminIntegracaoSchema = z
  .object(fields)
  .register(apiSchemas, { id: 'AdminIntegracao', description: 'Uma integração (chave de API) de qualquer UG, sem o segredo.' });

export const adminIntegracaoComSegredoSchema = z.object({ ...fields, clientSecret: clientSecretField }).register(apiSchemas, {
  id: 'AdminIntegracaoComSegredo',
  description: 'A integração criada, com o client secret (exibido somente agora).',
});

export const adminIntegracaoAlteradaSchema = z.object({ ...fields, clientSecret: clientSecretField.optional() }).register(apiSchemas, {
  id: 'AdminIntegracaoAlterada',
  description: 'A integração alterada; com `clientSecret` somente quando `renovarSegredo` foi pedido.',
});

export const adminIntegracaoListSchema = listEnvelope(
  adminIntegracaoSchema,
  'AdminIntegracaoLista',
  'Uma página das integrações de todas as UGs.',
);

export const adminIntegracaoCreateBody = strictObject({
  ...integrationCreateSchema.shape,
  ugId: jsonIdField('Informe o id da unidade gestora.'),
  admin: z.boolean({ error: 'Use true ou false.' }).optional().meta({ description: 'Escopo `admin`: somente na UG do Tribunal.' }),
});

export const adminIntegracaoPatchBody = integrationChangesSchema.meta({
  description:
    '`bloqueada: true` exige `motivo`; `renovarSegredo: true` devolve o novo segredo, uma única vez. Bloquear uma integração bloqueada, ou desbloquear uma ativa, não muda nada.',
});

export function toApi(i: AdminIntegration): z.input<typeof adminIntegracaoSchema> {
  return {
    id: i.id,
    clientId: i.clientId,
    descricao: i.descricao,
    ug: i.ug,
    permissao: i.permissao,
    admin: i.admin,
    situacao: i.bloqueada ? 'bloqueada' : 'ativa',
    bloqueada: i.bloqueada,
    bloqueioMotivo: i.bloqueioMotivo,
    secretHint: i.secretHint,
    secretCreatedAt: i.secretCreatedAt.toISOString(),
    createdAt: i.createdAt.toISOString(),
    createdByNome: i.createdByNome,
    lastUsedAt: i.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: i.lastUsedIp,
  };
}
