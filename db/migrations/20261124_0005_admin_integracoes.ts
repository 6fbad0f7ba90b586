import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('unidades_gestoras', (t) => {
    // The Tribunal's own organisation, the only UG whose keys may hold the `admin` scope: true there, null elsewhere,
    // so a plain unique constraint (nulls are distinct on both dialects) allows at most one.
    t.boolean('tribunal').unique({ indexName: 'unidades_gestoras_um_tribunal' });
  });
  await knex.schema.alterTable('integracoes', (t) => {
    t.boolean('admin').notNullable().defaultTo(false);
    // When the key was last unblocked: tokens minted before it (before the block) stay refused, new ones pass.
    t.timestamp('desbloqueada_at', { useTz: true });
    t.index(['bloqueada', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('integracoes', (t) => {
    t.dropIndex(['bloqueada', 'id']);
    t.dropColumn('desbloqueada_at');
    t.dropColumn('admin');
  });
  await knex.schema.alterTable('unidades_gestoras', (t) => {
    t.dropUnique(['tribunal'], 'unidades_gestoras_um_tribunal');
    t.dropColumn('tribunal');
  });
}
