import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('nome', 200).notNullable();
    t.string('cpf', 11).unique();
    t.string('email', 254).notNullable().unique();
    t.string('password_hash', 200);
    t.boolean('is_admin').notNullable().defaultTo(false);
    t.boolean('ativo').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('unidades_gestoras', (t) => {
    t.increments('id');
    t.string('codigo', 20).notNullable().unique();
    t.string('nome', 200).notNullable();
    t.string('cnpj', 14).notNullable().unique();
    t.integer('agregadora_id').unsigned().references('id').inTable('unidades_gestoras').onDelete('RESTRICT');
    t.boolean('ativa').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['agregadora_id']);
    t.index(['nome']);
  });

  await knex.schema.createTable('ug_membros', (t) => {
    t.increments('id');
    t.integer('ug_id').unsigned().notNullable().references('id').inTable('unidades_gestoras').onDelete('CASCADE');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('CASCADE');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['ug_id', 'user_id']);
    t.index(['user_id']);
  });

  await knex.schema.createTable('ug_gestores', (t) => {
    t.increments('id');
    t.integer('ug_id').unsigned().notNullable().references('id').inTable('unidades_gestoras').onDelete('CASCADE');
    t.integer('user_id').unsigned().notNullable().references('id').inTable('users').onDelete('RESTRICT');
    t.timestamp('inicio', { useTz: true }).notNullable();
    t.timestamp('fim', { useTz: true });
    t.index(['ug_id', 'inicio']);
    // At most one current gestor per UG.
    t.unique(['ug_id'], { indexName: 'ug_gestores_um_atual', predicate: knex.whereNull('fim') });
  });

  await knex.schema.createTable('integracoes', (t) => {
    t.increments('id');
    t.integer('ug_id').unsigned().notNullable().references('id').inTable('unidades_gestoras').onDelete('RESTRICT');
    t.string('client_id', 64).notNullable().unique();
    t.string('descricao', 200).notNullable();
    t.string('permissao', 20).notNullable();
    t.string('secret_hash', 64).notNullable();
    t.string('secret_hint', 16).notNullable();
    t.timestamp('secret_created_at', { useTz: true }).notNullable();
    t.integer('created_by_user_id').unsigned().references('id').inTable('users').onDelete('SET NULL');
    t.string('created_by_nome', 200).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true });
    t.string('last_used_ip', 64);
    t.boolean('bloqueada').notNullable().defaultTo(false);
    t.string('bloqueio_motivo', 500);
    t.timestamp('bloqueada_at', { useTz: true });
    t.index(['ug_id', 'created_at']);
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.string('action', 60).notNullable();
    // No foreign keys: the trail outlives the users, UGs and keys it mentions.
    t.integer('actor_user_id');
    t.string('actor_nome', 200).notNullable();
    t.integer('ug_id');
    t.string('target_type', 40);
    t.string('target_id', 64);
    t.string('ip', 64);
    t.text('details');
    t.index(['ug_id', 'created_at']);
    t.index(['action', 'created_at']);
    t.index(['actor_user_id', 'created_at']);
  });

  await knex.schema.createTable('sessions', (t) => {
    t.string('sid', 128).primary();
    t.text('sess').notNullable();
    t.integer('user_id');
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at']);
    t.index(['user_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['sessions', 'audit_events', 'integracoes', 'ug_gestores', 'ug_membros', 'unidades_gestoras', 'users', 'settings']) {
    await knex.schema.dropTableIfExists(table);
  }
}
