import type { Caller } from '../caller.ts';
import type { AuditEventInput } from './audit.repository.ts';

export interface AuditTarget {
  ugId?: number | null;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

export const auditActions = {
  loginSucceeded: 'auth.login',
  loginFailed: 'auth.login_failed',
  logout: 'auth.logout',
  userCreated: 'user.created',
  ugCreated: 'ug.created',
  memberAdded: 'ug.member_added',
  gestorChanged: 'ug.gestor_changed',
  integrationCreated: 'integration.created',
  integrationRenewed: 'integration.secret_renewed',
  integrationGraceEnded: 'integration.grace_ended',
  integrationDeleted: 'integration.deleted',
  contratacaoCreated: 'contratacao.created',
  contratacaoUpdated: 'contratacao.updated',
  contratacaoDeleted: 'contratacao.deleted',
  integrationUpdated: 'integration.updated',
  integrationBlocked: 'integration.blocked',
  integrationUnblocked: 'integration.unblocked',
  userUpdated: 'user.updated',
  userDeactivated: 'user.deactivated',
  userReactivated: 'user.reactivated',
  userPasswordReset: 'user.password_reset',
  userPasswordSet: 'user.password_set',
  auditExported: 'audit.exported',
  ugUpdated: 'ug.updated',
  ugDeactivated: 'ug.deactivated',
  ugReactivated: 'ug.reactivated',
  ugDeleted: 'ug.deleted',
  memberRemoved: 'ug.member_removed',
} as const;

export type AuditAction = (typeof auditActions)[keyof typeof auditActions];

/** How the portal names each action (pt-BR). */
export const auditActionLabels: Record<AuditAction, string> = {
  'auth.login': 'Entrada no portal',
  'auth.login_failed': 'Tentativa de entrada sem sucesso',
  'auth.logout': 'Saída do portal',
  'user.created': 'Usuário cadastrado',
  'ug.created': 'Unidade gestora cadastrada',
  'ug.member_added': 'Membro adicionado',
  'ug.gestor_changed': 'Gestor alterado',
  'integration.created': 'Integração criada',
  'integration.secret_renewed': 'Segredo renovado',
  'integration.grace_ended': 'Segredo anterior encerrado',
  'integration.deleted': 'Integração excluída',
  'contratacao.created': 'Contratação cadastrada',
  'contratacao.updated': 'Contratação alterada',
  'contratacao.deleted': 'Contratação excluída',
  'integration.updated': 'Integração alterada',
  'integration.blocked': 'Integração bloqueada',
  'integration.unblocked': 'Integração desbloqueada',
  'user.updated': 'Usuário alterado',
  'user.deactivated': 'Usuário desativado',
  'user.reactivated': 'Usuário reativado',
  'user.password_reset': 'Redefinição de senha solicitada',
  'user.password_set': 'Senha definida pelo link de redefinição',
  'audit.exported': 'Auditoria exportada (CSV)',
  'ug.updated': 'Unidade gestora alterada',
  'ug.deactivated': 'Unidade gestora desativada',
  'ug.reactivated': 'Unidade gestora reativada',
  'ug.deleted': 'Unidade gestora excluída',
  'ug.member_removed': 'Membro removido',
};

/** Builds the audit event for an action; services insert it in the same transaction as the change it records. */
export function auditEvent(caller: Caller, action: AuditAction, target: AuditTarget = {}): AuditEventInput {
  return {
    action,
    actorUserId: caller.userId,
    actorClientId: caller.clientId ?? null,
    actorNome: caller.nome,
    ugId: target.ugId ?? null,
    targetType: target.targetType ?? null,
    targetId: target.targetId === undefined ? null : String(target.targetId),
    ip: caller.ip,
    details: target.details ?? null,
  };
}
