import type { Command, CommandGroup } from './command.ts';

const header = 'cidades — linha de comando do CidadES (Portal de Integrações e API)';

const footer = [
  'Opções comuns:',
  '  --json       saída em JSON, em uma linha; datas em ISO 8601',
  '  -h, --help   mostra a ajuda (também: cidades help [grupo], cidades <grupo> --help)',
  '',
  'Ambiente:',
  '  DATABASE_URL    arquivo SQLite (padrão ./data/cidades.sqlite3) ou postgres://usuario:senha@servidor/banco',
  '  SECRET_PEPPER   o mesmo valor usado pelo servidor, se ele o define (senão vale o guardado no banco)',
  '  LOG_LEVEL=debug mostra o rastreamento de pilha de erros inesperados',
  '',
  'Toda ação é registrada na trilha de auditoria como "cidades (linha de comando)", com poderes de administrador.',
  'Códigos de saída: 0 sucesso; 1 erro (dados recusados, registro inexistente, banco de dados); 2 uso incorreto.',
];

/** `cidades <group> [action] [synopsis]`, without doubled spaces for an unnamed action or an empty synopsis. */
function invocation(group: CommandGroup, command: Command): string {
  return ['cidades', group.name, command.action, command.synopsis].filter(Boolean).join(' ');
}

function commandLines(group: CommandGroup, command: Command): string[] {
  return [`  ${invocation(group, command)}`, `      ${command.summary}`];
}

function groupSection(group: CommandGroup): string[] {
  return [`${group.title}:`, ...group.commands.flatMap((command) => commandLines(group, command))];
}

export function mainUsage(groups: CommandGroup[]): string {
  const sections = groups.flatMap((group) => [...groupSection(group), '']);
  return [header, '', 'Uso: cidades <grupo> <ação> [opções]', '', ...sections, ...footer, ''].join('\n');
}

export function groupUsage(group: CommandGroup): string {
  return [`Uso: cidades ${group.name} <ação> [opções]`, '', ...groupSection(group), '', ...footer, ''].join('\n');
}

export function commandUsage(group: CommandGroup, command: Command): string {
  const details = command.details ? ['', ...command.details.map((line) => (line ? `  ${line}` : ''))] : [];
  return [`Uso: ${invocation(group, command)}`, '', command.summary, ...details, ''].join('\n');
}
