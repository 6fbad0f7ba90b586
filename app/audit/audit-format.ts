import type { AuditEvent } from './audit.repository.ts';
import { TIME_ZONE } from '../time-zone.ts';

const dateTime = new Intl.DateTimeFormat('pt-BR', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'medium' });

/**
 * "24/11/2026 18:05:09" in Brasília time, to the second: without the comma ICU puts after the date, so Excel in pt-BR
 * also reads it as a date and time.
 */
export function timeText(at: Date): string {
  return dateTime.format(at).replace(', ', ' ');
}

/** An address as a person reads it: an IPv4 address mapped into IPv6 (`::ffff:127.0.0.1`) as the IPv4 it is. */
export function ipText(ip: string | null): string {
  if (ip === null) return '—';
  return /^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(ip) ? ip.slice('::ffff:'.length) : ip;
}

/** How the trail names the keys of an event's details (pt-BR); an unknown key is shown as it is. */
const detailLabels: Record<string, string> = {
  clientId: 'Client id',
  descricao: 'Descrição',
  permissao: 'Permissão',
  admin: 'Escopo admin',
  motivo: 'Motivo',
  reason: 'Motivo',
  email: 'E-mail',
  anterior: 'Anterior',
  isAdmin: 'Administrador',
  codigo: 'Código',
  cnpj: 'CNPJ',
  tribunal: 'Tribunal',
  numeroProcesso: 'Processo',
  ano: 'Ano',
  versao: 'Versão',
  ugCodigo: 'UG',
  actor: 'Quem',
  action: 'Ação',
  de: 'De',
  ate: 'Até',
};

const targetLabels: Record<string, string> = {
  integracao: 'Integração',
  user: 'Usuário',
  ug: 'Unidade gestora',
  contratacao: 'Contratação',
};

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? 'sim' : 'não';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An event's details as [label, value] pairs, in the order recorded: what the portal shows as a definition list. */
export function detailEntries(details: Record<string, unknown> | null): Array<[string, string]> {
  return Object.entries(details ?? {}).map(([key, value]) => [detailLabels[key] ?? key, valueText(value)]);
}

/** An event's details in one readable line: "Client id: cid_…; Motivo: …". */
export function detailsText(details: Record<string, unknown> | null): string {
  return detailEntries(details)
    .map(([label, value]) => `${label}: ${value}`)
    .join('; ');
}

/** What the event is about: "Integração 7", "Usuário ana@…"; empty when it names nothing. */
export function targetText(event: Pick<AuditEvent, 'targetType' | 'targetId'>): string {
  if (event.targetType === null) return '';
  return [targetLabels[event.targetType] ?? event.targetType, event.targetId].filter((part) => part !== null).join(' ');
}

/** Who acted: a user (with their e-mail), an integração (its client id is in the name), or the command-line tool. */
export function actorText(event: Pick<AuditEvent, 'actorNome' | 'actorEmail'>): string {
  return event.actorEmail === null ? event.actorNome : `${event.actorNome} (${event.actorEmail})`;
}
