import { cliCaller } from '../../caller.ts';
import { formatCpf } from '../../documents/check-digits.ts';
import { parseInput } from '../../errors/parse.ts';
import { userCreateSchema } from '../../users/users.schemas.ts';
import { parseCommandArgs, readFirstLine, required, type CommandGroup } from '../command.ts';
import { printJson, printLines } from '../output.ts';

export const userGroup: CommandGroup = {
  name: 'user',
  title: 'Usuários',
  commands: [
    {
      action: 'create',
      synopsis: '--email E --nome N --cpf X [--admin] [--password-stdin] [--json]',
      summary: 'Cadastra um usuário.',
      details: [
        '--email            e-mail (usado para entrar no portal)',
        '--nome             nome completo',
        '--cpf              CPF, com ou sem máscara',
        '--admin            administrador do sistema',
        '--password-stdin   lê a senha da primeira linha da entrada padrão (mínimo de 12 caracteres);',
        '                   sem esta opção o usuário fica sem senha e não consegue entrar no portal',
        '--json             imprime o usuário criado em JSON (uma linha)',
        '',
        'Exemplo: printf \'%s\\n\' "$SENHA" | cidades user create --email ana@exemplo.gov.br --nome "Ana" --cpf 529.982.247-25 --password-stdin',
      ],
      async prepare(args) {
        const { values } = parseCommandArgs(args, {
          email: { type: 'string' },
          nome: { type: 'string' },
          cpf: { type: 'string' },
          admin: { type: 'boolean' },
          'password-stdin': { type: 'boolean' },
          json: { type: 'boolean' },
        });
        // The user's own fields, so that an error names the option (`cpf: …`, `password: …`).
        const input = parseInput(userCreateSchema, {
          email: required(values.email, 'email'),
          nome: required(values.nome, 'nome'),
          cpf: required(values.cpf, 'cpf'),
          isAdmin: values.admin ?? false,
          password: values['password-stdin'] ? await readFirstLine(process.stdin) : undefined,
        });
        const hasPassword = input.password !== undefined;
        return async ({ services }) => {
          const user = await services.users.create(input, cliCaller);
          if (values.json) {
            const { id, nome, cpf, email, isAdmin, ativo, createdAt } = user;
            printJson({ id, nome, cpf, email, isAdmin, ativo, createdAt, hasPassword });
            return;
          }
          const cpf = user.cpf === null ? '' : `, CPF ${formatCpf(user.cpf)}`;
          const role = user.isAdmin ? ' (administrador do sistema)' : '';
          printLines(`Usuário criado: ${user.nome} <${user.email}>${cpf}, id ${user.id}${role}.`);
          if (!hasPassword) {
            printLines(
              'Atenção: o usuário não tem senha e não consegue entrar no portal até que uma senha seja definida.',
              'Um administrador gera o link para defini-la em Administração → Usuários → Forçar redefinição de senha.',
            );
          }
        };
      },
    },
  ],
};
