import type { Knex } from 'knex';

/**
 * Avisos (portal notices, and their e-mail) and the leases of the jobs that run once per instance group. A notice is
 * about one event of one key (`kind`, `integracao_id`, `event_at`): the unique key makes recording it twice impossible,
 * whichever process or instance tries, so the job records a notice before sending its mail and sends only those not
 * yet `emailed_at`. A notice goes with its key, its UG or its user (it would link to a page that is gone). A lease is
 * one row per job, taken by a conditional upsert (app/jobs/job-leases.repository.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('avisos', (t) => {
    t.increments('id');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.integer('ug_id').unsigned().notNullable().references('id').inTable('unidades_gestoras').onDelete('CASCADE');
    t.string('kind', 40).notNullable();
    t.integer('integracao_id').unsigned().notNullable().references('id').inTable('integracoes').onDelete('CASCADE');
    t.timestamp('event_at', { useTz: true }).notNullable();
    // What the text says (description, client id, hint, times, address) as it was when the event happened: JSON.
    t.text('data').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('dismissed_at', { useTz: true }).nullable();
    t.timestamp('emailed_at', { useTz: true }).nullable();
    t.string('emailed_to', 254).nullable();
    t.unique(['kind', 'integracao_id', 'event_at'], { indexName: 'avisos_um_por_evento' });
    t.index(['user_id', 'dismissed_at', 'id']);
    t.index(['created_at']);
  });
  await knex.schema.createTable('job_leases', (t) => {
    t.string('name', 100).primary();
    t.string('holder', 200).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_leases');
  await knex.schema.dropTable('avisos');
}
