import type { Db } from '../../app/db/knex.ts';

/**
 * A key's rotation as the lead's renewal writes it (migration 0014), set directly: the previous secret with its hint,
 * stopped working at `validUntil`, last used at `usedAt` from `usedIp`; the current secret created at `renewedAt`
 * (`validUntil` itself for a renewal without a grace).
 */
export async function setPreviousSecret(
  db: Db,
  integracaoId: number,
  rotation: { renewedAt: Date; validUntil: Date; usedAt: Date | null; usedIp?: string | null; hint?: string },
): Promise<void> {
  await db('integracoes')
    .where({ id: integracaoId })
    .update({
      secret_created_at: rotation.renewedAt,
      previous_secret_hash: null,
      previous_secret_hint: rotation.hint ?? 'cds_Ant1…',
      previous_secret_created_at: new Date(rotation.renewedAt.getTime() - 30 * 24 * 60 * 60 * 1000),
      previous_secret_valid_until: rotation.validUntil,
      previous_secret_used_at: rotation.usedAt,
      previous_secret_used_ip: rotation.usedIp ?? '198.51.100.20',
    });
}
