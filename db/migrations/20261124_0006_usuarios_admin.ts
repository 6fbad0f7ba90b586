import type { Knex } from 'knex';

/**
 * The search text of a user as this migration first filled it: lower case, without accents, of name, e-mail and CPF.
 * Frozen here (not imported from app/) so that what this migration did never changes with the live code.
 */
function searchText(user: { nome: string; email: string; cpf: string | null }): string {
  return `${user.nome} ${user.email} ${user.cpf ?? ''}`.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('busca', 500).notNullable().defaultTo('');
    // A one-time password link: only the SHA-256 of its token, and when it stops working.
    t.string('reset_token_hash', 64).unique();
    t.timestamp('reset_expires_at', { useTz: true });
  });
  const rows = await knex('users').select<Array<{ id: number; nome: string; email: string; cpf: string | null }>>(
    'id',
    'nome',
    'email',
    'cpf',
  );
  for (const row of rows)
    await knex('users')
      .where({ id: row.id })
      .update({ busca: searchText(row) });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['reset_token_hash']);
    t.dropColumn('reset_expires_at');
    t.dropColumn('reset_token_hash');
    t.dropColumn('busca');
  });
}
