import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('unidades_gestoras', (t) => {
    // When the UG was last reactivated: its keys' tokens minted before it (before the deactivation) stay refused,
    // new ones pass, as `integracoes.desbloqueada_at` does for one key.
    t.timestamp('reativada_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('unidades_gestoras', (t) => {
    t.dropColumn('reativada_at');
  });
}
