import type { Knex } from 'knex';

/** Who wrote a row: an integração (its client id) or a portal user; the name is kept as it was at that moment. */
function authorship(t: Knex.CreateTableBuilder, prefix: 'created' | 'updated'): void {
  t.string(`${prefix}_by_client_id`, 64);
  t.integer(`${prefix}_by_user_id`);
  t.string(`${prefix}_by_nome`, 200).notNullable();
}

function ugColumn(t: Knex.CreateTableBuilder): void {
  t.integer('ug_id').unsigned().notNullable().references('id').inTable('unidades_gestoras').onDelete('RESTRICT');
}

function timestamps(t: Knex.CreateTableBuilder): void {
  t.timestamp('created_at', { useTz: true }).notNullable();
  t.timestamp('updated_at', { useTz: true }).notNullable();
}

/** What atos de admissão and concessões share: the Tribunal's process, certidão, decisão and reference year. */
function atoDePessoal(t: Knex.CreateTableBuilder, pessoa: 'servidor' | 'beneficiario'): void {
  t.increments('id');
  ugColumn(t);
  t.string(`${pessoa}_cpf`, 11).notNullable();
  t.string(`${pessoa}_nome`, 200).notNullable();
  t.string('numero_processo', 30);
  t.string('numero_certidao', 30);
  t.string('numero_decisao', 30);
  t.integer('ano_referencia').notNullable();
  t.date('data_publicacao');
  t.string('situacao', 40).notNullable();
  timestamps(t);
  // Lists are per visible UG in id order (keyset pagination); the Tribunal's own filters get an index each.
  t.index(['ug_id', 'id']);
  t.index([`${pessoa}_cpf`]);
  t.index(['numero_processo']);
  t.index(['numero_certidao']);
  t.index(['numero_decisao']);
  t.index(['ano_referencia']);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('remessas', (t) => {
    t.increments('id');
    ugColumn(t);
    t.string('tipo', 40).notNullable();
    // Year × 100 + month, or × 100 + 0 for an annual remessa: one sortable integer for competência ranges.
    t.integer('competencia').notNullable();
    t.string('situacao', 40).notNullable();
    t.string('protocolo', 30).unique();
    t.timestamp('enviada_em', { useTz: true });
    t.timestamp('processada_em', { useTz: true });
    t.timestamp('homologada_em', { useTz: true });
    t.timestamp('encerrada_em', { useTz: true });
    timestamps(t);
    // Not unique: atos de pessoal may come in several remessas of one competência, and a cancelled one may be resent.
    t.index(['ug_id', 'tipo', 'competencia']);
    t.index(['ug_id', 'id']);
    t.index(['situacao']);
    t.index(['competencia']);
  });

  await knex.schema.createTable('remessa_consistencias', (t) => {
    t.increments('id');
    t.integer('remessa_id').unsigned().notNullable().references('id').inTable('remessas').onDelete('CASCADE');
    t.string('codigo', 20).notNullable();
    t.string('mensagem', 500).notNullable();
    t.boolean('impeditiva').notNullable();
    t.index(['remessa_id']);
  });

  await knex.schema.createTable('contratacoes', (t) => {
    t.increments('id');
    ugColumn(t);
    t.string('numero_processo', 30).notNullable();
    t.integer('ano').notNullable();
    t.boolean('nllc').notNullable();
    t.integer('modalidade').notNullable();
    t.string('fase', 40).notNullable();
    t.string('objeto', 2000).notNullable();
    // The objeto lower-cased and without accents: SQLite's lower() knows only ASCII, and integrators type "aquisicao".
    t.string('objeto_busca', 2000).notNullable();
    // Money in integer centavos: exact on both dialects (SQLite has no exact decimal type).
    t.bigInteger('valor_estimado_centavos');
    t.bigInteger('valor_contratado_centavos');
    t.date('data_publicacao');
    t.date('data_assinatura');
    t.date('vigencia_inicio');
    t.date('vigencia_fim');
    t.string('fornecedor_documento', 14);
    t.string('fornecedor_nome', 200);
    t.string('codigo_pncp', 50);
    t.string('situacao', 40).notNullable();
    // Bumped on every change: the API's ETag, checked against If-Match.
    t.integer('versao').notNullable();
    authorship(t, 'created');
    authorship(t, 'updated');
    timestamps(t);
    t.unique(['ug_id', 'numero_processo', 'ano']);
    t.index(['ug_id', 'id']);
    t.index(['ano']);
    t.index(['modalidade']);
    t.index(['situacao']);
    t.index(['data_publicacao']);
  });

  await knex.schema.createTable('atos_admissao', (t) => {
    atoDePessoal(t, 'servidor');
    t.string('cargo', 200).notNullable();
    t.string('tipo_ato', 40).notNullable();
    t.date('data_homologacao');
  });

  await knex.schema.createTable('concessoes_beneficio', (t) => {
    atoDePessoal(t, 'beneficiario');
    t.string('tipo', 20).notNullable();
    t.string('subtipo', 40).notNullable();
    t.string('fundamento_legal', 500).notNullable();
    t.date('data_concessao');
    t.bigInteger('valor_centavos');
    t.index(['tipo']);
  });

  // A retried POST with the same Idempotency-Key answers the first result instead of creating a second record.
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.increments('id');
    t.string('client_key', 80).notNullable();
    t.string('idempotency_key', 255).notNullable();
    t.string('fingerprint', 64).notNullable();
    t.text('response').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['client_key', 'idempotency_key']);
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['idempotency_keys', 'concessoes_beneficio', 'atos_admissao', 'contratacoes', 'remessa_consistencias', 'remessas']) {
    await knex.schema.dropTableIfExists(table);
  }
}
