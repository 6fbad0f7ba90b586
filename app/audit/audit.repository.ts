import type { Knex } from 'knex';
import { deleteBatch } from '../db/batches.ts';
import type { Db } from '../db/knex.ts';
import { whereEquals } from '../db/keyset.ts';
import { keysetBatches, keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { toDate } from '../db/rows.ts';

export interface AuditEventInput {
  action: string;
  actorUserId: number | null;
  /** The integração (API key) that acted, if one did. */
  actorClientId: string | null;
  actorNome: string;
  ugId: number | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

/** A recorded event, with what the trail shows beside it: the UG's código and the acting user's e-mail (if they still exist). */
export interface AuditEvent extends AuditEventInput {
  id: number;
  createdAt: Date;
  ugCodigo: string | null;
  actorEmail: string | null;
}

/** What the trail can be filtered by; every filter given must hold. */
export interface AuditFilters {
  ugId?: number;
  ugCodigo?: string;
  actorUserId?: number;
  actorClientId?: string;
  /** The acting user's e-mail or the acting key's client id, as a person types either in one field. */
  actor?: string;
  action?: string;
  /** Events at or after this instant. */
  from?: Date;
  /** Events before this instant (exclusive: the start of the day after the period). */
  before?: Date;
}

interface AuditRow {
  id: number | string;
  created_at: unknown;
  action: string;
  actor_user_id: number | null;
  actor_client_id: string | null;
  actor_nome: string;
  actor_email: string | null;
  ug_id: number | null;
  ug_codigo: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: string | null;
}

function fromRow(row: AuditRow): AuditEvent {
  return {
    id: Number(row.id),
    createdAt: toDate(row.created_at),
    action: row.action,
    actorUserId: row.actor_user_id,
    actorClientId: row.actor_client_id,
    actorNome: row.actor_nome,
    actorEmail: row.actor_email,
    ugId: row.ug_id,
    ugCodigo: row.ug_codigo,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}

/** Append-only: no event is ever changed, and only the configured retention removes old ones. Lists run newest first. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(event: AuditEventInput, at = new Date()): Promise<void> {
    await this.db('audit_events').insert({
      created_at: at,
      action: event.action,
      actor_user_id: event.actorUserId,
      actor_client_id: event.actorClientId,
      actor_nome: event.actorNome,
      ug_id: event.ugId,
      target_type: event.targetType,
      target_id: event.targetId,
      ip: event.ip,
      details: event.details ? JSON.stringify(event.details) : null,
    });
  }

  /** Removes up to `limit` events recorded before `before`: the scheduled clean-up, only when AUDIT_RETENTION_DAYS is set. */
  async deleteBefore(before: Date, limit: number): Promise<number> {
    return deleteBatch(this.db, 'audit_events', 'id', (query) => query.where('created_at', '<', before), limit);
  }

  list(filters: AuditFilters, page: PageRequest): Promise<Page<AuditEvent>> {
    return keysetPage(this.filtered(filters), page, fromRow, 'a.id', 'desc');
  }

  /** Every event the filters match, newest first, `size` at a time (for an export). */
  batches(filters: AuditFilters, size: number): AsyncGenerator<AuditEvent[]> {
    return keysetBatches(this.filtered(filters), size, fromRow, 'a.id', 'desc');
  }

  private filtered(filters: AuditFilters): Knex.QueryBuilder {
    const query = this.db('audit_events as a')
      .leftJoin('unidades_gestoras as ug', 'ug.id', 'a.ug_id')
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .select('a.*', 'ug.codigo as ug_codigo', 'u.email as actor_email');
    whereEquals(query, {
      'a.ug_id': filters.ugId,
      'ug.codigo': filters.ugCodigo,
      'a.actor_user_id': filters.actorUserId,
      'a.actor_client_id': filters.actorClientId,
      'a.action': filters.action,
    });
    const { actor } = filters;
    if (actor !== undefined) query.where((w) => void w.where('u.email', actor.toLowerCase()).orWhere('a.actor_client_id', actor));
    if (filters.from !== undefined) query.where('a.created_at', '>=', filters.from);
    if (filters.before !== undefined) query.where('a.created_at', '<', filters.before);
    return query;
  }
}
