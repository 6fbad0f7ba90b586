import type { Knex } from 'knex';

/**
 * Rotation without downtime and each secret's own last use. A key holds its current secret (the columns it had) and,
 * after a renewal, the one before it: `previous_secret_hash` while that one still works (a grace period, until
 * `previous_secret_valid_until`), null once it has ended; its hint, creation, end and last use stay, so the key page shows
 * when the old secret stopped being used. `secret_used_*` is the current secret's own last use (`last_used_*` stays the
 * key's, by either secret).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('integracoes', (t) => {
    t.timestamp('secret_used_at', { useTz: true }).nullable();
    t.string('secret_used_ip', 64).nullable();
    t.string('previous_secret_hash', 64).nullable();
    t.string('previous_secret_hint', 16).nullable();
    t.timestamp('previous_secret_created_at', { useTz: true }).nullable();
    t.timestamp('previous_secret_valid_until', { useTz: true }).nullable();
    t.timestamp('previous_secret_used_at', { useTz: true }).nullable();
    t.string('previous_secret_used_ip', 64).nullable();
  });
  // Until now a key had one secret: its last use was that secret's.
  await knex('integracoes').update({ secret_used_at: knex.ref('last_used_at'), secret_used_ip: knex.ref('last_used_ip') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('integracoes', (t) => {
    for (const column of [
      'secret_used_at',
      'secret_used_ip',
      'previous_secret_hash',
      'previous_secret_hint',
      'previous_secret_created_at',
      'previous_secret_valid_until',
      'previous_secret_used_at',
      'previous_secret_used_ip',
    ])
      t.dropColumn(column);
  });
}
