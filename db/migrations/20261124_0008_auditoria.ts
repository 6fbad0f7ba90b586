import type { Knex } from 'knex';

/** The acting key of an event, filterable on its own, and indexes for the Auditoria's filters in its order (newest id first). */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    // Set when an integração (API key) acted; `actor_nome` keeps "Integração <client id>" for reading.
    t.string('actor_client_id', 64);
    t.index(['actor_client_id', 'id']);
    t.index(['actor_user_id', 'id']);
    t.index(['ug_id', 'id']);
    t.index(['action', 'id']);
  });
  // Events keys wrote before this column existed name the key only in actor_nome ("Integração " is 11 characters).
  await knex('audit_events')
    .whereNull('actor_user_id')
    .andWhere('actor_nome', 'like', 'Integração cid_%')
    .update({ actor_client_id: knex.raw('substr(actor_nome, 12)') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropIndex(['action', 'id']);
    t.dropIndex(['ug_id', 'id']);
    t.dropIndex(['actor_user_id', 'id']);
    t.dropIndex(['actor_client_id', 'id']);
    t.dropColumn('actor_client_id');
  });
}
