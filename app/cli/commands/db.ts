import { parseCommandArgs, type CommandGroup } from '../command.ts';
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
  ],
};
