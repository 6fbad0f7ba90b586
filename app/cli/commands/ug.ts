import { cliCaller } from '../../caller.ts';
import { formatCnpj } from '../../documents/check-digits.ts';
import { parseInput } from '../../errors/parse.ts';
import { ugCreateSchema } from '../../ugs/ugs.schemas.ts';
import { parseCommandArgs, required, type CommandGroup } from '../command.ts';
import { printJson, printLines } from '../output.ts';

export const ugGroup: CommandGroup = {
  name: 'ug',
  title: 'Unidades gestoras',
  commands: [
    {
      action: 'create',
      synopsis: '--codigo C --nome N --cnpj X [--agregadora C2] [--tribunal] [--json]',
      summary: 'Cadastra uma unidade gestora.',
      details: [
        '--codigo       código da UG (letras, números, ponto, hífen ou sublinhado; até 20)',
        '--nome         nome da UG',
        '--cnpj         CNPJ numérico ou alfanumérico, com ou sem máscara',
        '--agregadora   código de uma UG já cadastrada que agrega esta',
        '--tribunal     marca a UG como a do próprio Tribunal (a única cujas integrações podem ter o escopo admin)',
        '--json         imprime a UG criada em JSON (uma linha)',
      ],
      prepare(args) {
        const { values } = parseCommandArgs(args, {
          codigo: { type: 'string' },
          nome: { type: 'string' },
          cnpj: { type: 'string' },
          agregadora: { type: 'string' },
          tribunal: { type: 'boolean' },
          json: { type: 'boolean' },
        });
        // The options are the UG's fields, parsed here once: an error names the option (`cnpj: …`).
        const input = parseInput(ugCreateSchema, {
          codigo: required(values.codigo, 'codigo'),
          nome: required(values.nome, 'nome'),
          cnpj: required(values.cnpj, 'cnpj'),
          agregadora: values.agregadora,
        });
        return async ({ services }) => {
          const ug = await services.ugs.create(input, cliCaller, { tribunal: values.tribunal === true });
          const agregadora = ug.agregadoraId === null ? null : (input.agregadora ?? null);
          if (values.json) {
            printJson({ id: ug.id, codigo: ug.codigo, nome: ug.nome, cnpj: ug.cnpj, agregadora, ativa: ug.ativa, tribunal: ug.tribunal });
            return;
          }
          const line = `Unidade gestora criada: ${ug.codigo} — ${ug.nome} (CNPJ ${formatCnpj(ug.cnpj)}), id ${ug.id}.`;
          printLines(agregadora === null ? line : `${line} Agregadora: ${agregadora}.`);
        };
      },
    },
  ],
};
