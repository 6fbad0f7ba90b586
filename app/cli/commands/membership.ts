import { z } from 'zod';
import { cliCaller } from '../../caller.ts';
import { parseInput } from '../../errors/parse.ts';
import { codigoField } from '../../ugs/ugs.schemas.ts';
import { emailField } from '../../users/users.schemas.ts';
import { parseCommandArgs, required, type Command, type CommandGroup } from '../command.ts';
import { printLines } from '../output.ts';

function membershipCommand(action: string, summary: string, asGestor: boolean): Command {
  return {
    action,
    synopsis: '--ug C --email E',
    summary,
    details: ['--ug      código da unidade gestora', '--email   e-mail de um usuário já cadastrado'],
    prepare(args) {
      const { values } = parseCommandArgs(args, { ug: { type: 'string' }, email: { type: 'string' } });
      const raw = { ug: required(values.ug, 'ug'), email: required(values.email, 'email') };
      // The domain's own fields, parsed here once, so that an error names the option (`ug: …`, `email: …`).
      const { ug, email } = parseInput(z.object({ ug: codigoField, email: emailField }), raw);
      return async ({ services }) => {
        if (asGestor) {
          await services.ugs.setGestor(ug, email, cliCaller);
          printLines(`${email} agora é o gestor da unidade gestora ${ug}.`);
        } else {
          await services.ugs.addMember(ug, email, cliCaller);
          printLines(`${email} agora é membro da unidade gestora ${ug}.`);
        }
      };
    },
  };
}

export const memberGroup: CommandGroup = {
  name: 'member',
  title: 'Membros de unidade gestora',
  commands: [membershipCommand('add', 'Torna o usuário membro da unidade gestora (sem ser gestor).', false)],
};

export const gestorGroup: CommandGroup = {
  name: 'gestor',
  title: 'Gestor de unidade gestora',
  commands: [
    membershipCommand('set', 'Torna o usuário gestor da unidade gestora (e membro); o mandato do gestor anterior termina agora.', true),
  ],
};
