import { MAIN_UG_SHARE } from '../../demo/demo-contratacoes.ts';
import type { DemoSummary } from '../../demo/demo.service.ts';
import { parseCommandArgs, UsageError, type CommandGroup } from '../command.ts';
import { printJson, printLines } from '../output.ts';

const DEFAULT_SEED = 2026;
const DEFAULT_CONTRATACOES = 2_500;
const MAX_CONTRATACOES = 10_000_000;

function positiveInt(value: string | undefined, option: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new UsageError(`--${option} deve ser um número inteiro entre 1 e ${max}.`);
  return n;
}

const count = (n: number) => n.toLocaleString('pt-BR');

function printSummary(summary: DemoSummary): void {
  const [admin, ...gestores] = summary.users;
  printLines(
    'Banco de demonstração preenchido:',
    `  ${summary.ugs} unidades gestoras (${summary.agregadoras} agregadoras), ${count(summary.contratacoes)} contratações,`,
    `  ${count(summary.remessas)} remessas com ${count(summary.consistencias)} consistências, ${count(summary.admissoes)} atos de admissão,`,
    `  ${count(summary.concessoes)} concessões de benefício, ${count(summary.responsaveis)} responsáveis.`,
    '',
    'Para entrar: inicie o servidor (npm start) e abra http://localhost:3000/login (ou o PUBLIC_URL configurado).',
    `  Administrador do sistema: ${admin?.email ?? ''}`,
    ...gestores.map((g) => `  ${g.nome}, ${g.papel}: ${g.email}`),
    `  Senha de todos: ${summary.password}`,
    '',
    'Como gestor, abra Unidade Gestora → Ações → Integrações e adicione uma chave para chamar a API.',
  );
}

export const demoGroup: CommandGroup = {
  name: 'demo',
  title: 'Demonstração',
  commands: [
    {
      action: '',
      synopsis: '[--seed N] [--contratacoes N] [--json]',
      summary:
        'Preenche um banco novo com dados de demonstração (UGs do Espírito Santo, contratações, remessas, atos, responsáveis, usuários).',
      details: [
        `--seed N           semente do gerador: a mesma semente gera os mesmos dados (padrão ${DEFAULT_SEED})`,
        `--contratacoes N   quantas contratações ao todo, ${MAIN_UG_SHARE * 100}% delas na primeira unidade gestora (padrão ${count(DEFAULT_CONTRATACOES)}, até ${count(MAX_CONTRATACOES)})`,
        '--json             imprime o resumo e os usuários em JSON (uma linha)',
        '',
        'Recusa um banco que já tenha unidades gestoras. A senha dos usuários de demonstração é sorteada e impressa.',
      ],
      prepare(args) {
        const { values } = parseCommandArgs(args, {
          seed: { type: 'string' },
          contratacoes: { type: 'string' },
          json: { type: 'boolean' },
        });
        const options = {
          seed: positiveInt(values.seed, 'seed', DEFAULT_SEED, 2 ** 31 - 1),
          contratacoes: positiveInt(values.contratacoes, 'contratacoes', DEFAULT_CONTRATACOES, MAX_CONTRATACOES),
        };
        return async ({ services }) => {
          const summary = await services.demo.fill(options);
          if (values.json) printJson(summary);
          else printSummary(summary);
        };
      },
    },
  ],
};
