import type { Db } from '../db/knex.ts';
import { toDate } from '../db/rows.ts';

export interface AuditEventInput {
  action: string;
  actorUserId: number | null;
  actorNome: string;
  ugId: number | null;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditEvent extends AuditEventInput {
  id: number;
  createdAt: Date;
}

interface AuditRow {
  id: number | string;
  created_at: unknown;
  action: string;
  actor_user_id: number | null;
  actor_nome: string;
  ug_id: number | null;
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
    actorNome: row.actor_nome,
    ugId: row.ug_id,
    targetType: row.target_type,
    targetId: row.target_id,
    ip: row.ip,
    details: row.details ? (JSON.parse(row.details) as Record<string, unknown>) : null,
  };
}

/** Append-only: there is no update or delete here, on purpose. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  async insert(event: AuditEventInput, at = new Date()): Promise<void> {
    await this.db('audit_events').insert({
      created_at: at,
      action: event.action,
      actor_user_id: event.actorUserId,
      actor_nome: event.actorNome,
      ug_id: event.ugId,
      target_type: event.targetType,
      target_id: event.targetId,
      ip: event.ip,
      details: event.details ? JSON.stringify(event.details) : null,
    });
  }

  async listByUg(ugId: number, offset: number, limit: number): Promise<{ items: AuditEvent[]; total: number }> {
    const base = this.db('audit_events').where({ ug_id: ugId });
    const [countRow] = await base.clone().count<Array<{ n: number | string }>>({ n: '*' });
    const rows = await base.clone().orderBy('id', 'desc').offset(offset).limit(limit).select<AuditRow[]>('*');
    return { items: rows.map(fromRow), total: Number(countRow?.n ?? 0) };
  }

  async countSince(action: string, since: Date, match: { targetId?: string; ip?: string }): Promise<number> {
    const query = this.db('audit_events').where('action', action).andWhere('created_at', '>=', since);
    if (match.targetId !== undefined) query.andWhere('target_id', match.targetId);
    if (match.ip !== undefined) query.andWhere('ip', match.ip);
    const [row] = await query.count<Array<{ n: number | string }>>({ n: '*' });
    return Number(row?.n ?? 0);
  }
}
