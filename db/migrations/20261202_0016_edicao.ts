import type { Knex } from 'knex';

/**
 * A key's permission edited: the revocation entry written for the change carries the key's new permission, so every
 * process withdraws `escrita` from the key's tokens already issued (they keep `leitura`) once it lowers to `leitura`.
 * Null on every other entry (a renewal, block, unblock or deletion), which says nothing of scopes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credential_revocations', (t) => {
    t.string('permissao', 16).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('credential_revocations', (t) => {
    t.dropColumn('permissao');
  });
}
