import type { Knex } from 'knex';

/**
 * A revocation entry may refuse more once a rotation's grace ends: from `grace_ends_at` on, tokens for a secret
 * created before `grace_valid_from_version` are refused too (the secret renewed with a grace, and every token obtained
 * with it). Until then the entry refuses what `valid_from_version` says, as before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credential_revocations', (t) => {
    t.bigInteger('grace_valid_from_version').nullable();
    t.timestamp('grace_ends_at', { useTz: true }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credential_revocations', (t) => {
    t.dropColumn('grace_valid_from_version');
    t.dropColumn('grace_ends_at');
  });
}
