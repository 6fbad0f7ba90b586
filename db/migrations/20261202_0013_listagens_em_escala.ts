import type { Knex } from 'knex';

/**
 * Indexes for listings of a million rows. A listing reads the rows of the visible UGs in id order (keyset pages), so
 * each filter of `GET /api/v1/contratacoes` (and of remessas and atos de pessoal) gets an index that starts with the
 * UG: an equality filter's index ends with the id, and yields its rows already in order; a range's index finds its
 * rows, or counts them without reading the table. They replace the single-column indexes of 0004, which could not
 * tell one UG's rows from another's.
 *
 * The `objeto` search (any substring, accents and case folded into `objeto_busca`) gets each dialect's best index:
 * PostgreSQL a pg_trgm GIN index, which `objeto_busca like '%…%'` uses as it is; SQLite an FTS5 table with the trigram
 * tokenizer, kept by triggers, which holds each row's UG too, so that one FTS query finds a UG's matches without
 * walking the other UGs' ones (contratacoes.repository.ts). Both only narrow the rows: the LIKE still decides.
 *
 * No ANALYZE here: SQLite never takes statistics again on its own, and ones taken now on a new, empty database would
 * mislead its planner for good (without any, it assumes each index selective, which suits these lists); PostgreSQL's
 * autovacuum takes its own. `cidades demo` takes them after its bulk load.
 */
const contratacoesEquals = ['ano', 'modalidade', 'fase', 'situacao'];
const contratacoesRanges = ['valor_estimado_centavos', 'valor_contratado_centavos', 'data_publicacao', 'data_assinatura'];
const replacedByTable: Record<string, string[]> = {
  contratacoes: ['ano', 'modalidade', 'situacao', 'data_publicacao'],
  remessas: ['situacao', 'competencia'],
  atos_admissao: ['ano_referencia'],
  concessoes_beneficio: ['ano_referencia', 'tipo'],
};
const equalsByTable: Record<string, string[]> = {
  contratacoes: contratacoesEquals,
  remessas: ['situacao'],
  atos_admissao: ['ano_referencia', 'situacao', 'tipo_ato'],
  concessoes_beneficio: ['ano_referencia', 'situacao', 'tipo'],
};
const rangesByTable: Record<string, string[]> = { contratacoes: contratacoesRanges, remessas: ['competencia'] };

/** The FTS5 table of contratações' search text (SQLite), and the triggers that keep it. */
const FTS = 'contratacoes_busca';
/** The UG as the FTS table holds it: a term no other UG's contains ("ug12;" is not in "ug112;"). */
const ugTerm = (ug: string) => `'ug' || ${ug} || ';'`;

const isPostgres = (knex: Knex) => knex.client.config.client === 'pg';

/** Where pg_trgm is installed, if it is: its operator class is named with that schema, whatever the search_path. */
async function trigramSchema(knex: Knex): Promise<string | undefined> {
  const { rows } = (await knex.raw(
    `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`,
  )) as { rows: Array<{ schema: string }> };
  return rows[0]?.schema;
}

/**
 * pg_trgm, in `public`: not in the migrating schema, which may be dropped with everything in it (the tests' are). It is
 * a trusted extension: a role with CREATE on the database installs it; two schemas migrating at once may both try, and
 * the one that loses (a savepoint keeps the migration's transaction) finds the other's.
 */
async function installTrigram(knex: Knex): Promise<string> {
  const installed = await trigramSchema(knex);
  if (installed) return installed;
  try {
    await knex.transaction((trx) => trx.raw('create extension if not exists pg_trgm schema public'));
  } catch (err) {
    if ((await trigramSchema(knex)) === undefined)
      throw new Error(
        `A busca por objeto precisa da extensão pg_trgm do PostgreSQL, que este usuário não pôde criar (${(err as Error).message}). ` +
          'Peça a quem administra o banco: create extension pg_trgm schema public; e aplique as migrações de novo.',
        { cause: err },
      );
  }
  return (await trigramSchema(knex)) as string;
}

async function indexFilters(knex: Knex): Promise<void> {
  for (const [table, replaced] of Object.entries(replacedByTable)) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of replaced) t.dropIndex([column]);
      for (const column of equalsByTable[table] ?? []) t.index(['ug_id', column, 'id']);
      for (const column of rangesByTable[table] ?? []) t.index(['ug_id', column]);
    });
  }
}

async function unindexFilters(knex: Knex): Promise<void> {
  for (const [table, replaced] of Object.entries(replacedByTable)) {
    await knex.schema.alterTable(table, (t) => {
      for (const column of equalsByTable[table] ?? []) t.dropIndex(['ug_id', column, 'id']);
      for (const column of rangesByTable[table] ?? []) t.dropIndex(['ug_id', column]);
      for (const column of replaced) t.index([column]);
    });
  }
}

async function createSqliteSearch(knex: Knex): Promise<void> {
  // Contentless (the text is in contratacoes already); contentless_delete lets a trigger delete a row by its id.
  await knex.raw(`create virtual table ${FTS} using fts5(ug, texto, content='', contentless_delete=1, tokenize='trigram')`);
  const add = (row: string) => `insert into ${FTS}(rowid, ug, texto) values (${row}.id, ${ugTerm(`${row}.ug_id`)}, ${row}.objeto_busca);`;
  const remove = (row: string) => `delete from ${FTS} where rowid = ${row}.id;`;
  await knex.raw(`create trigger ${FTS}_insert after insert on contratacoes begin ${add('new')} end`);
  await knex.raw(`create trigger ${FTS}_delete after delete on contratacoes begin ${remove('old')} end`);
  await knex.raw(
    `create trigger ${FTS}_update after update of ug_id, objeto_busca on contratacoes begin ${remove('old')} ${add('new')} end`,
  );
  await knex.raw(`insert into ${FTS}(rowid, ug, texto) select id, ${ugTerm('ug_id')}, objeto_busca from contratacoes`);
}

export async function up(knex: Knex): Promise<void> {
  await indexFilters(knex);
  if (isPostgres(knex)) {
    const schema = await installTrigram(knex);
    await knex.raw(`create index contratacoes_objeto_busca_trgm on contratacoes using gin (objeto_busca ??.gin_trgm_ops)`, [schema]);
  } else {
    await createSqliteSearch(knex);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('drop index contratacoes_objeto_busca_trgm');
  } else {
    for (const trigger of ['insert', 'delete', 'update']) await knex.raw(`drop trigger ${FTS}_${trigger}`);
    await knex.raw(`drop table ${FTS}`);
  }
  await unindexFilters(knex);
}
