import type { Knex } from 'knex';

/**
 * PostgreSQL only: the id of the transaction that wrote each revocation (`pg_current_xact_id()`, a column default, so
 * every writer fills it), which is what lets the log be read in commit order rather than by insert id. SQLite needs
 * nothing: it has one writer at a time, which assigns ids and commits in one order.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await knex.schema.alterTable('credential_revocations', (t) => {
    t.bigInteger('txid').defaultTo(knex.raw('(pg_current_xact_id()::text::bigint)'));
    t.index(['txid']);
  });
}

export async function down(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'pg') return;
  await knex.schema.alterTable('credential_revocations', (t) => {
    t.dropIndex(['txid']);
    t.dropColumn('txid');
  });
}
