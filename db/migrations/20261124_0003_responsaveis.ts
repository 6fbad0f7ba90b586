import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('responsaveis', (t) => {
    t.increments('id');
    t.integer('ug_id').unsigned().notNullable().references('id').inTable('unidades_gestoras').onDelete('CASCADE');
    t.string('cpf', 11).notNullable();
    t.string('nome', 200).notNullable();
    t.string('funcao', 40).notNullable();
    // Calendar dates as ISO text (YYYY-MM-DD): they compare correctly as text on both dialects, and no driver
    // shifts them by a time zone as it would a DATE read into a JavaScript Date.
    t.string('inicio', 10).notNullable();
    t.string('fim', 10);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.unique(['ug_id', 'cpf', 'funcao', 'inicio']);
    t.index(['ug_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('responsaveis');
}
