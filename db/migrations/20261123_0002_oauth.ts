import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('signing_keys', (t) => {
    t.increments('id');
    t.string('kid', 100).notNullable().unique();
    t.string('alg', 20).notNullable();
    t.text('public_jwk').notNullable();
    // AES-256-GCM with a key derived from the secret pepper: a copy of the database alone does not sign tokens.
    t.text('private_jwk_encrypted').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  // Append-only log of credential changes that invalidate tokens already issued (renewal, deletion, block).
  // Every instance polls it, so a refused key is refused everywhere within the polling interval.
  await knex.schema.createTable('credential_revocations', (t) => {
    t.bigIncrements('id');
    t.string('client_id', 64).notNullable();
    // Tokens minted for a secret created before this instant (epoch ms) are refused; null refuses every token.
    t.bigInteger('valid_from_version');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('credential_revocations');
  await knex.schema.dropTableIfExists('signing_keys');
}
