import { existsSync } from 'node:fs';
import path from 'node:path';
import { backupSqlite, isPostgres } from '../../db/knex.ts';
import { CommandError, parseCommandArgs, UsageError, type CommandGroup } from '../command.ts';
import { printLines } from '../output.ts';

export const dbGroup: CommandGroup = {
  name: 'db',
  title: 'Banco de dados',
  commands: [
    {
      action: 'migrate',
      synopsis: '',
      summary: 'Aplica as migrações pendentes ao banco de DATABASE_URL.',
      prepare(args) {
        parseCommandArgs(args, {});
        // Opening the runtime has already applied the pending migrations.
        return async ({ migrationsApplied }) => {
          if (migrationsApplied.length === 0) {
            printLines('Banco de dados já está atualizado.');
            return;
          }
          printLines(`Migrações aplicadas (${migrationsApplied.length}):`, ...migrationsApplied.map((name) => `  ${name}`));
        };
      },
    },
    {
      action: 'backup',
      synopsis: 'ARQUIVO',
      summary: 'Copia o banco SQLite de DATABASE_URL para ARQUIVO (um arquivo novo), com os servidores no ar.',
      details: ['A cópia é consistente (um único instante do banco). No PostgreSQL, use pg_dump.'],
      prepare(args) {
        const [file, extra] = parseCommandArgs(args, {}, true).positionals;
        if (file === undefined) throw new UsageError('informe o arquivo da cópia (por exemplo, backup-2026-12-01.sqlite3).');
        if (extra !== undefined) throw new UsageError(`argumento inesperado: ${extra}.`);
        const target = path.resolve(file);
        return async ({ db }) => {
          if (isPostgres(db)) throw new CommandError('o banco de dados é PostgreSQL: faça a cópia com pg_dump.');
          if (existsSync(target)) throw new CommandError(`o arquivo ${file} já existe: informe um arquivo novo.`);
          await backupSqlite(db, target);
          printLines(`Cópia do banco de dados gravada em ${target}.`);
        };
      },
    },
  ],
};
