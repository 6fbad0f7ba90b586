import type { Knex } from 'knex';

/**
 * Lower case without accents, as this migration first filled the search columns. Frozen here (not imported from
 * app/) so that what this migration did never changes with the live code.
 */
function folded(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * UGs and integrações get the stored, folded search column users and contratações have (`busca`), so every text search
 * compares the same way on both databases: "vitoria" finds "Vitória" (SQLite's lower() knows only ASCII).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('unidades_gestoras', (t) => t.string('busca', 500).notNullable().defaultTo(''));
  await knex.schema.alterTable('integracoes', (t) => t.string('busca', 500).notNullable().defaultTo(''));
  const ugs = await knex('unidades_gestoras').select<Array<{ id: number; codigo: string; nome: string; cnpj: string }>>(
    'id',
    'codigo',
    'nome',
    'cnpj',
  );
  for (const ug of ugs)
    await knex('unidades_gestoras')
      .where({ id: ug.id })
      .update({ busca: folded(`${ug.codigo} ${ug.nome} ${ug.cnpj}`) });
  const keys = await knex('integracoes').select<Array<{ id: number; descricao: string; client_id: string }>>(
    'id',
    'descricao',
    'client_id',
  );
  for (const key of keys)
    await knex('integracoes')
      .where({ id: key.id })
      .update({ busca: folded(`${key.descricao} ${key.client_id}`) });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('integracoes', (t) => t.dropColumn('busca'));
  await knex.schema.alterTable('unidades_gestoras', (t) => t.dropColumn('busca'));
}
