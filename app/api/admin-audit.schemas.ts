import { z } from 'zod';
import type { AuditEvent } from '../audit/audit.repository.ts';
import { auditActionLabels, type AuditAction } from '../audit/audit-events.ts';
import { acaoField, auditActionCodes, dayField, periodInOrder } from '../audit/audit-filters.schemas.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope, pageParams } from './pagination.ts';
import { codeList } from '../records/fields.ts';
import { idParam } from './params.ts';

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

const exampleEvento = {
  id: 4182,
  data: '2026-11-24T18:30:05.120Z',
  acao: 'integration.blocked',
  acaoDescricao: 'Integração bloqueada',
  ator: { usuarioId: 3, clientId: null, nome: 'Davi Administrador' },
  ug: { id: 12, codigo: '012E0100001' },
  alvo: { tipo: 'integracao', id: '7' },
  ip: '198.51.100.23',
  detalhes: { clientId: 'cid_3pQGFMQiQDqtxXWhMmA4U2', motivo: 'Segredo exposto em repositório público.' },
} as const;

export const auditoriaEventoSchema = z
  .object({
    id: z.number().int().meta({ description: 'Id do evento; cresce com o tempo (a ordem da trilha).', example: exampleEvento.id }),
    data: z.iso.datetime().meta({ description: 'Quando aconteceu (UTC).', example: exampleEvento.data }),
    acao: z.enum(auditActionCodes).meta({ description: `O que aconteceu: ${codeList(auditActionLabels)}.`, example: exampleEvento.acao }),
    acaoDescricao: z.string().meta({ description: 'A ação como o portal a mostra.', example: exampleEvento.acaoDescricao }),
    ator: z
      .object({
        usuarioId: z.number().int().nullable().meta({
          description:
            'O usuário que agiu; null para uma integração, a linha de comando ou uma tentativa de entrada com e-mail desconhecido.',
          example: exampleEvento.ator.usuarioId,
        }),
        clientId: z.string().nullable().meta({
          description: 'A integração (chave de API) que agiu, se foi uma; null para um usuário e a linha de comando.',
          example: exampleEvento.ator.clientId,
        }),
        nome: z.string().meta({
          description:
            'Quem agiu, pelo nome que tinha então: o do usuário, `Integração cid_…` ou `cidades (linha de comando)`; ' +
            'numa tentativa de entrada com e-mail desconhecido, o e-mail informado.',
          example: exampleEvento.ator.nome,
        }),
      })
      .meta({ description: 'Quem agiu.', example: exampleEvento.ator }),
    ug: z
      .object({
        id: z.number().int().meta({ description: 'Id da unidade gestora (mesmo que ela já tenha sido excluída).', example: 12 }),
        codigo: z
          .string()
          .nullable()
          .meta({ description: 'Código da unidade gestora; null se a UG não existe mais.', example: '012E0100001' }),
      })
      .nullable()
      .meta({ description: 'A unidade gestora do evento; null se ele não diz respeito a uma.', example: exampleEvento.ug }),
    alvo: z
      .object({
        tipo: z.string().meta({
          description:
            'O tipo do registro: `integracao` (Integração), `user` (Usuário), `ug` (Unidade gestora) ou `contratacao` (Contratação).',
          example: exampleEvento.alvo.tipo,
        }),
        id: z.string().nullable().meta({
          description:
            'O id do registro, como texto (nas entradas no portal, `auth.*`, o e-mail informado); null se o evento não o registra.',
          example: exampleEvento.alvo.id,
        }),
      })
      .nullable()
      .meta({ description: 'O registro afetado; null se o evento não afeta um.', example: exampleEvento.alvo }),
    ip: z.string().nullable().meta({ description: 'O endereço IP de quem agiu; null para a linha de comando.', example: exampleEvento.ip }),
    detalhes: z
      .record(z.string(), z.unknown())
      .nullable()
      .meta({
        description:
          'Dados do evento, conforme a ação: por exemplo, `clientId` e `motivo` num bloqueio de integração, ' +
          '`alteracoes` (cada campo com `de` e `para`) numa alteração de UG; null se a ação não tem nenhum.',
        example: exampleEvento.detalhes,
      }),
  })
  .register(apiSchemas, { id: 'AuditoriaEvento', description: 'Um evento da trilha de auditoria.', example: exampleEvento });

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
