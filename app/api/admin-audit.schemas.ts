import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.repository.ts';
import { auditActionLabels, type AuditAction } from '../audit/audit-events.ts';
import { acaoField, auditActionCodes, dayField, periodInOrder } from '../audit/audit-filters.schemas.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList, idParam } from './params.ts';

export const auditoriaQuery = periodInOrder(
  z.object({
    ug: idParam('Somente os eventos desta unidade gestora (id).').optional(),
    usuario: idParam('Somente as ações deste usuário (id).').optional(),
    clientId: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .meta({ description: 'Somente as ações desta integração (client id).', example: 'cid_3pQGFMQiQDqtxXWhMmA4U2' }),
    acao: acaoField
      .optional()
      .meta({ description: `Somente os eventos desta ação: ${codeList(auditActionLabels)}.`, example: 'integration.blocked' }),
    de: dayField.optional().meta({ description: 'Desde este dia (AAAA-MM-DD, inclusive, no horário de Brasília).', example: '2026-11-01' }),
    ate: dayField.optional().meta({
      description: 'Até este dia (AAAA-MM-DD, inclusive, no horário de Brasília); não pode ser anterior a `de`.',
      example: '2026-11-30',
    }),
    ...pageParams,
  }),
);

export const auditoriaEventoSchema = z
  .object({
    id: z.number().int().meta({ example: 4182 }),
    data: z.iso.datetime().meta({ description: 'Quando aconteceu (UTC).', example: '2026-11-24T18:30:05.120Z' }),
    acao: z.enum(auditActionCodes).meta({ example: 'integration.blocked' }),
    acaoDescricao: z.string().meta({ description: 'A ação como o portal a mostra.', example: 'Integração bloqueada' }),
    ator: z
      .object({
        usuarioId: z.number().int().nullable().meta({ description: 'O usuário que agiu; null para uma integração ou a linha de comando.' }),
        clientId: z.string().nullable().meta({ description: 'A integração (chave de API) que agiu, se foi uma.' }),
        nome: z.string(),
      })
      .meta({ description: 'Quem agiu.', example: { usuarioId: 3, clientId: null, nome: 'Davi Administrador' } }),
    ug: z
      .object({ id: z.number().int(), codigo: z.string().nullable().meta({ description: 'null se a UG não existe mais.' }) })
      .nullable()
      .meta({ description: 'A unidade gestora do evento, se há uma.', example: { id: 12, codigo: '012E0100001' } }),
    alvo: z
      .object({ tipo: z.string(), id: z.string().nullable() })
      .nullable()
      .meta({ description: 'O registro afetado: `integracao`, `user`, `ug`, `contratacao`…', example: { tipo: 'integracao', id: '7' } }),
    ip: z.string().nullable().meta({ example: '203.0.113.7' }),
    detalhes: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({
        description: 'Dados do evento, conforme a ação.',
        example: { clientId: 'cid_3pQGFMQiQDqtxXWhMmA4U2', motivo: 'Segredo exposto.' },
      }),
  })
  .register(apiSchemas, { id: 'AuditoriaEvento', description: 'Um evento da trilha de auditoria.' });

export const auditoriaListSchema = listEnvelope(
  auditoriaEventoSchema,
  'AuditoriaLista',
  'Uma página da trilha de auditoria, do evento mais recente ao mais antigo.',
);

export function toApi(e: AuditEvent): z.input<typeof auditoriaEventoSchema> {
  return {
    id: e.id,
    data: e.createdAt.toISOString(),
    acao: e.action as AuditAction,
    acaoDescricao: auditActionLabels[e.action as AuditAction] ?? e.action,
    ator: { usuarioId: e.actorUserId, clientId: e.actorClientId, nome: e.actorNome },
    ug: e.ugId === null ? null : { id: e.ugId, codigo: e.ugCodigo },
    alvo: e.targetType === null ? null : { tipo: e.targetType, id: e.targetId },
    ip: e.ip,
    detalhes: e.details,
  };
}
