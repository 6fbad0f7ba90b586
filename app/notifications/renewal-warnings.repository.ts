import type { Db } from '../db/knex.ts';
import { toDate } from '../db/rows.ts';
import { AVISO_KINDS } from './aviso.ts';

/** A key whose grace period ended, its old secret's last use, and the UG's current gestor (who is warned). */
export interface GraceEnded {
  integracaoId: number;
  ugId: number;
  ugCodigo: string;
  ugNome: string;
  descricao: string;
  clientId: string;
  secretHint: string;
  validUntil: Date;
  lastUsedAt: Date;
  lastUsedIp: string | null;
  gestorUserId: number;
}

interface GraceEndedRow {
  id: number;
  ug_id: number;
  codigo: string;
  nome: string;
  descricao: string;
  client_id: string;
  previous_secret_hint: string | null;
  previous_secret_valid_until: unknown;
  previous_secret_used_at: unknown;
  previous_secret_used_ip: string | null;
  gestor_user_id: number;
}

/** What the warnings about keys read of the integrações (the rotation's columns) and of who manages their UG. */
export class RenewalWarningsRepository {
  constructor(private readonly db: Db) {}

  /**
   * The keys whose grace ended in (since, now] with their old secret used at least once, and no notice of that end yet:
   * a grace (run to its end, or ended early), not a renewal without one (that ends the previous secret at the new one's
   * creation). Only active UGs with a current gestor, the one warned, and keys not blocked.
   */
  async gracesEnded(since: Date, now: Date): Promise<GraceEnded[]> {
    const rows = await this.db('integracoes as i')
      .join('unidades_gestoras as ug', 'ug.id', 'i.ug_id')
      .join('ug_gestores as g', (on) => on.on('g.ug_id', 'i.ug_id').andOnNull('g.fim'))
      .where('i.previous_secret_valid_until', '>', since)
      .where('i.previous_secret_valid_until', '<=', now)
      .whereRaw('i.previous_secret_valid_until > i.secret_created_at')
      .whereNotNull('i.previous_secret_used_at')
      // A blocked key, or a deactivated UG's (which ends its graces), is refused whatever secret it presents: nothing to
      // tell its gestor about the old secret.
      .where('i.bloqueada', false)
      .where('ug.ativa', true)
      .whereNotExists((sub) =>
        sub
          .select(this.db.raw('1'))
          .from('avisos as a')
          .where('a.kind', AVISO_KINDS.graceEnded)
          .whereRaw('a.integracao_id = i.id')
          .whereRaw('a.event_at = i.previous_secret_valid_until'),
      )
      .orderBy('i.id')
      .select<GraceEndedRow[]>(
        'i.id',
        'i.ug_id',
        'ug.codigo',
        'ug.nome',
        'i.descricao',
        'i.client_id',
        'i.previous_secret_hint',
        'i.previous_secret_valid_until',
        'i.previous_secret_used_at',
        'i.previous_secret_used_ip',
        'g.user_id as gestor_user_id',
      );
    return rows.map((row) => ({
      integracaoId: row.id,
      ugId: row.ug_id,
      ugCodigo: row.codigo,
      ugNome: row.nome,
      descricao: row.descricao,
      clientId: row.client_id,
      secretHint: row.previous_secret_hint ?? '',
      validUntil: toDate(row.previous_secret_valid_until),
      lastUsedAt: toDate(row.previous_secret_used_at),
      lastUsedIp: row.previous_secret_used_ip,
      gestorUserId: row.gestor_user_id,
    }));
  }
}
