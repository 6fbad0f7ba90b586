import type { Knex } from 'knex';

/**
 * A key's usage per day, for its chart: one row per key, day (AAAA-MM-DD in the Tribunal's time zone), measure and
 * reason. `medida` is `token` (tokens issued, motivo '') or `api` (authenticated API calls, motivo ''); a refusal is a
 * row of the same measure with its reason in `motivo` (the token endpoint's error code, the API's status). Every
 * process adds its counts to the same rows (`total = total + n`), and the scheduled clean-up keeps 90 days.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('uso_integracoes', (t) => {
    t.increments('id').primary();
    t.integer('integracao_id').notNullable().references('id').inTable('integracoes').onDelete('CASCADE');
    t.string('dia', 10).notNullable();
    t.string('medida', 8).notNullable();
    t.string('motivo', 40).notNullable();
    t.bigInteger('total').notNullable();
    t.unique(['integracao_id', 'dia', 'medida', 'motivo']);
    t.index(['dia']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('uso_integracoes');
}
