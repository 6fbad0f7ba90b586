import type { AuditRepository } from '../audit/audit.repository.ts';
import { auditActions, auditEvent } from '../audit/audit-events.ts';
import type { Caller } from '../caller.ts';
import type { MemberUser, Papel } from './ugs-admin.repository.ts';
import type { UgsRepository } from './ugs.repository.ts';

/**
 * Makes the user a member of the UG and, as `gestor`, its gestor: the previous gestor's term ends now and stays in the
 * history (the new gestor then sees the renewal notice on the UG's Integrações). Audited; nothing changes twice.
 */
export async function applyMembership(
  repos: { ugs: UgsRepository; audit: AuditRepository },
  caller: Caller,
  ugId: number,
  user: MemberUser,
  papel: Papel,
): Promise<void> {
  const alreadyMember = await repos.ugs.isMember(ugId, user.id);
  if (!alreadyMember) await repos.ugs.addMember(ugId, user.id);
  const target = { ugId, targetType: 'user', targetId: user.id, details: { email: user.email } };
  if (papel === 'membro') {
    if (!alreadyMember) await repos.audit.insert(auditEvent(caller, auditActions.memberAdded, target));
    return;
  }
  const previous = await repos.ugs.currentGestor(ugId);
  if (previous?.userId === user.id) return;
  await repos.ugs.replaceGestor(ugId, user.id, new Date());
  await repos.audit.insert(
    auditEvent(caller, auditActions.gestorChanged, { ...target, details: { email: user.email, anterior: previous?.email ?? null } }),
  );
}
