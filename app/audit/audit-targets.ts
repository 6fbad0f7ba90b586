import type { AuditEvent } from './audit.repository.ts';
import { targetText } from './audit-format.ts';
import type { AuditTargetRecords, AuditTargetRefs } from './audit-targets.repository.ts';

/** An event's target as a gestor recognises it: a name, and a second line that tells it apart (client id, e-mail, UG). */
export interface AuditTargetName {
  label: string;
  detail: string | null;
}

export interface NamedAuditEvent extends AuditEvent {
  /** Null when the event names no target. */
  target: AuditTargetName | null;
}

const numericId = (id: string | null): number | null => (id !== null && /^\d{1,15}$/.test(id) ? Number(id) : null);
const textOf = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The ids and e-mails a page's events name, each once, by kind. */
export function targetRefs(events: AuditEvent[]): AuditTargetRefs {
  const refs = { integracaoIds: new Set<number>(), userIds: new Set<number>(), userEmails: new Set<string>(), ugIds: new Set<number>() };
  for (const { targetType, targetId } of events) {
    const id = numericId(targetId);
    if (targetType === 'integracao' && id !== null) refs.integracaoIds.add(id);
    if (targetType === 'ug' && id !== null) refs.ugIds.add(id);
    if (targetType === 'user' && id !== null) refs.userIds.add(id);
    else if (targetType === 'user' && targetId !== null) refs.userEmails.add(targetId.toLowerCase());
  }
  return {
    integracaoIds: [...refs.integracaoIds],
    userIds: [...refs.userIds],
    userEmails: [...refs.userEmails],
    ugIds: [...refs.ugIds],
  };
}

/** Names what no longer exists by what the event itself recorded (a deleted key's descrição and client id, …). */
function recordedName(event: AuditEvent): AuditTargetName | null {
  const details = event.details ?? {};
  const clientId = textOf(details.clientId);
  const descricao = textOf(details.descricao);
  const email = textOf(details.email);
  const codigo = textOf(details.codigo);
  if (event.targetType === 'integracao' && (descricao !== null || clientId !== null))
    return { label: descricao === null ? 'Integração excluída' : `Integração “${descricao}” (excluída)`, detail: clientId };
  if (event.targetType === 'user' && email !== null) return { label: `Usuário ${email}`, detail: null };
  if (event.targetType === 'ug' && codigo !== null) return { label: `Unidade gestora ${codigo} (excluída)`, detail: null };
  return null;
}

/** Each event with its target named: by the record as it is now, else by the event's details, else by kind and id. */
export function nameTargets(events: AuditEvent[], records: AuditTargetRecords): NamedAuditEvent[] {
  const integracoes = new Map(records.integracoes.map((i) => [i.id, i]));
  const usersById = new Map(records.users.map((u) => [u.id, u]));
  const usersByEmail = new Map(records.users.map((u) => [u.email.toLowerCase(), u]));
  const ugs = new Map(records.ugs.map((u) => [u.id, u]));
  const currentName = (e: AuditEvent): AuditTargetName | null => {
    const id = numericId(e.targetId);
    if (e.targetType === 'integracao') {
      const key = id === null ? undefined : integracoes.get(id);
      return key ? { label: `Integração “${key.descricao}”`, detail: key.clientId } : null;
    }
    if (e.targetType === 'user') {
      const user = id === null ? usersByEmail.get(e.targetId?.toLowerCase() ?? '') : usersById.get(id);
      return user ? { label: `Usuário ${user.nome}`, detail: user.email } : null;
    }
    const ug = e.targetType === 'ug' && id !== null ? ugs.get(id) : undefined;
    return ug ? { label: `Unidade gestora ${ug.codigo}`, detail: ug.nome } : null;
  };
  return events.map((e) => ({
    ...e,
    target: e.targetType === null ? null : (currentName(e) ?? recordedName(e) ?? { label: targetText(e), detail: null }),
  }));
}

/** The target on one line (the CSV's cell): "Integração “Folha” (cid_…)". */
export function targetNameText(target: AuditTargetName | null): string {
  if (target === null) return '';
  return target.detail === null ? target.label : `${target.label} (${target.detail})`;
}
