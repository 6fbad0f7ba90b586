import { deleteBatch } from '../db/batches.ts';
import type { Db } from '../db/knex.ts';
import { keysetPage, type Page, type PageRequest } from '../db/page.ts';
import { toDate, toDateOrNull } from '../db/rows.ts';
import { graceEndedDataSchema, type Aviso, type AvisoKind, type NewAviso, type PendingMail } from './aviso.ts';

interface AvisoRow {
  id: number;
  user_id: number;
  ug_id: number;
  kind: AvisoKind;
  integracao_id: number;
  event_at: unknown;
  data: string;
  created_at: unknown;
  dismissed_at: unknown;
  emailed_at: unknown;
}

function fromRow(row: AvisoRow): Aviso {
  return {
    id: row.id,
    userId: row.user_id,
    ugId: row.ug_id,
    kind: row.kind,
    integracaoId: row.integracao_id,
    eventAt: toDate(row.event_at),
    data: graceEndedDataSchema.parse(JSON.parse(row.data)),
    createdAt: toDate(row.created_at),
    dismissedAt: toDateOrNull(row.dismissed_at),
    emailedAt: toDateOrNull(row.emailed_at),
  };
}

/** The notices (avisos) to the portal's users, and what was e-mailed of them. */
export class AvisosRepository {
  constructor(private readonly db: Db) {}

  /** Records a notice; false if that event's notice was recorded already (by this or any other process). */
  async record(aviso: NewAviso, now: Date): Promise<boolean> {
    const inserted = await this.db('avisos')
      .insert({
        user_id: aviso.userId,
        ug_id: aviso.ugId,
        kind: aviso.kind,
        integracao_id: aviso.integracaoId,
        event_at: aviso.eventAt,
        data: JSON.stringify(aviso.data),
        created_at: now,
      })
      .onConflict(['kind', 'integracao_id', 'event_at'])
      .ignore()
      .returning('id');
    return inserted.length === 1;
  }

  /** One page of the user's notices not dismissed, newest first. */
  async pageFor(userId: number, page: PageRequest): Promise<Page<Aviso>> {
    const base = this.db('avisos').where({ user_id: userId }).whereNull('dismissed_at').select<AvisoRow[]>('*');
    return keysetPage(base, page, fromRow, 'id', 'desc');
  }

  /** Dismisses the user's notice; false if the user has no such notice not dismissed. */
  async dismiss(id: number, userId: number, now: Date): Promise<boolean> {
    const changed = await this.db('avisos').where({ id, user_id: userId }).whereNull('dismissed_at').update({ dismissed_at: now });
    return changed === 1;
  }

  /**
   * The notices recorded since `since` whose e-mail has not been sent, oldest first, to active users: those the job
   * sends (again, after a failure) at its next run.
   */
  async pendingMail(since: Date, limit: number): Promise<PendingMail[]> {
    const rows = await this.db('avisos as a')
      .join('users as u', 'u.id', 'a.user_id')
      .whereNull('a.emailed_at')
      .whereNull('a.dismissed_at')
      .where('a.created_at', '>=', since)
      .where('u.ativo', true)
      .orderBy('a.id')
      .limit(limit)
      .select<Array<AvisoRow & { email: string; nome: string }>>('a.*', 'u.email', 'u.nome');
    return rows.map((row) => ({ ...fromRow(row), email: row.email, nome: row.nome }));
  }

  /** Records that the notice's e-mail was sent, and to whom; false if it was recorded already. */
  async markEmailed(id: number, to: string, at: Date): Promise<boolean> {
    const changed = await this.db('avisos').where({ id }).whereNull('emailed_at').update({ emailed_at: at, emailed_to: to });
    return changed === 1;
  }

  /** Deletes at most `limit` notices dismissed before `dismissedBefore` or recorded before `createdBefore`. */
  async deleteExpired(dismissedBefore: Date, createdBefore: Date, limit: number): Promise<number> {
    return deleteBatch(
      this.db,
      'avisos',
      'id',
      (query) => query.where('dismissed_at', '<', dismissedBefore).orWhere('created_at', '<', createdBefore),
      limit,
    );
  }
}
