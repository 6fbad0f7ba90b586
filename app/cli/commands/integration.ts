import { z } from 'zod';
import { cliCaller } from '../../caller.ts';
import { NotFoundError } from '../../errors/app-error.ts';
import { parseInput } from '../../errors/parse.ts';
import { INTEGRATION_NOT_FOUND } from '../../integrations/integrations.service.ts';
import type { Integration } from '../../integrations/integrations.repository.ts';
import {
  integrationCreateSchema,
  MAX_GRACE_SECONDS,
  permissaoLabels,
  permissoes,
  secretViews,
  type Permissao,
} from '../../integrations/integrations.schemas.ts';
import { codigoField } from '../../ugs/ugs.schemas.ts';
import { integrationId, parseCommandArgs, required, UsageError, type CommandGroup } from '../command.ts';
import { formatDateTime, printJson, printLines, printTable, truncate } from '../output.ts';

function permissao(value: string): Permissao {
  const found = permissoes.find((p) => p === value.trim());
  if (found === undefined) throw new UsageError(`--permissao deve ser ${permissoes.join(' ou ')}.`);
  return found;
}

const GRACE_UNITS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

/** `--grace`: a duration such as 30m, 1h, 24h or 7d (seconds without a unit), up to 30 days; 0 for none. */
export function graceOption(value: string | undefined): number {
  if (value === undefined) return 0;
  const match = /^(\d{1,9})([smhd]?)$/.exec(value.trim());
  const seconds = match ? Number(match[1]) * GRACE_UNITS[(match[2] || 's') as keyof typeof GRACE_UNITS] : Number.NaN;
  if (!(seconds >= 0 && seconds <= MAX_GRACE_SECONDS))
    throw new UsageError('--grace deve ser uma duração como 30m, 1h, 24h ou 7d (segundos sem unidade), de 0 a 30 dias.');
  return seconds;
}

/** `--ug`, checked with the services' own field so that an error names the option. */
function ugOption(value: string | undefined): string {
  return parseInput(z.object({ ug: codigoField }), { ug: required(value, 'ug') }).ug;
}

/** What `integration list --json` shows of a key: never a secret or its hash. */
function record(i: Integration) {
  return {
    id: i.id,
    clientId: i.clientId,
    descricao: i.descricao,
    permissao: i.permissao,
    secretHint: i.secretHint,
    secretCreatedAt: i.secretCreatedAt,
    createdAt: i.createdAt,
    createdByNome: i.createdByNome,
    lastUsedAt: i.lastUsedAt,
    lastUsedIp: i.lastUsedIp,
    bloqueada: i.bloqueada,
  };
}

/** What `show` prints of a key, and `edit` of the key as edited: never a secret. */
function printKey(i: Integration, json: boolean): void {
  const segredos = secretViews(i);
  if (json) {
    printJson({ ...record(i), segredos });
    return;
  }
  printLines(
    `Integração ${i.id} (${i.clientId}): ${i.descricao}`,
    `  Permissão:   ${i.permissao} (${permissaoLabels[i.permissao]})${i.admin ? ' + admin' : ''}`,
    `  Situação:    ${i.bloqueada ? `bloqueada${i.bloqueioMotivo ? ` (${i.bloqueioMotivo})` : ''}` : 'ativa'}`,
    `  Criada:      ${formatDateTime(i.createdAt)} por ${i.createdByNome}`,
    `  Último uso:  ${formatDateTime(i.lastUsedAt)}${i.lastUsedIp ? ` (${i.lastUsedIp})` : ''}`,
    '',
  );
  printTable(
    ['SEGREDO', 'CRIADO EM', 'ÚLTIMO USO', 'IP', 'VALE ATÉ'],
    segredos.map((s) => [
      `${s.hint}${s.atual ? ' (atual)' : ' (anterior)'}`,
      formatDateTime(new Date(s.criadoEm)),
      formatDateTime(s.ultimoUsoEm ? new Date(s.ultimoUsoEm) : null),
      s.ultimoUsoIp ?? '-',
      s.validoAte ? formatDateTime(new Date(s.validoAte)) : 'até ser renovado',
    ]),
  );
}

/** What `edit --permissao` did to the key's tokens, once every server has taken it in. */
const permissaoEffects: Record<Permissao, string> = {
  leitura: 'Os tokens já emitidos perderam o envio de dados; os novos só consultam.',
  escrita: 'Os tokens obtidos a partir de agora podem enviar dados; os já emitidos continuam só consultando até expirar.',
};

const onceWarning = 'Atenção: guarde o client secret agora. Ele é exibido somente esta vez e não pode ser recuperado.';

export const integrationGroup: CommandGroup = {
  name: 'integration',
  title: 'Integrações (credenciais de acesso à API)',
  commands: [
    {
      action: 'create',
      synopsis: '--ug C --descricao D --permissao leitura|escrita [--admin] [--json]',
      summary: 'Cria uma integração e mostra o client secret (uma única vez).',
      details: [
        '--ug          código da unidade gestora',
        '--descricao   para que serve a integração (ex.: sistema de folha)',
        '--permissao   leitura (somente consulta) ou escrita (consulta e envio de dados)',
        '--admin       com o escopo admin (API de administração); somente na UG do Tribunal (ug create --tribunal)',
        '--json        imprime {"id","clientId","clientSecret","permissao","ug","descricao","admin"} em uma linha',
      ],
      prepare(args) {
        const { values } = parseCommandArgs(args, {
          ug: { type: 'string' },
          descricao: { type: 'string' },
          permissao: { type: 'string' },
          admin: { type: 'boolean' },
          json: { type: 'boolean' },
        });
        const ugCodigo = ugOption(values.ug);
        const descricao = required(values.descricao, 'descricao');
        // The key's fields through the domain's schema: an error names the option (`descricao: …`).
        const fields = parseInput(integrationCreateSchema, { descricao, permissao: permissao(required(values.permissao, 'permissao')) });
        const input = { ...fields, admin: values.admin === true };
        return async ({ services }) => {
          const ug = await services.ugs.findByCodigo(ugCodigo);
          const { integration: i, clientSecret } = await services.integrations.create(cliCaller, ug.id, input);
          if (values.json) {
            printJson({
              id: i.id,
              clientId: i.clientId,
              clientSecret,
              permissao: i.permissao,
              ug: ug.codigo,
              descricao: i.descricao,
              admin: i.admin,
            });
            return;
          }
          printLines(
            `Integração criada na unidade gestora ${ug.codigo} (id ${i.id}).`,
            `  Descrição:      ${i.descricao}`,
            `  Permissão:      ${i.permissao} (${permissaoLabels[i.permissao]})${i.admin ? ' + admin' : ''}`,
            `  Client ID:      ${i.clientId}`,
            `  Client secret:  ${clientSecret}`,
            '',
            `${onceWarning} Se for perdido, gere outro com: cidades integration rotate ${i.id}`,
          );
        };
      },
    },
    {
      action: 'list',
      synopsis: '--ug C [--json]',
      summary: 'Lista as integrações da unidade gestora (sem os secrets).',
      details: ['--ug     código da unidade gestora', '--json   imprime um array JSON (uma linha), datas em ISO 8601'],
      prepare(args) {
        const { values } = parseCommandArgs(args, { ug: { type: 'string' }, json: { type: 'boolean' } });
        const ugCodigo = ugOption(values.ug);
        return async ({ services }) => {
          const ug = await services.ugs.findByCodigo(ugCodigo);
          const items = await services.integrations.listAll(cliCaller, ug.id);
          if (values.json) {
            printJson(items.map(record));
            return;
          }
          if (items.length === 0) {
            printLines(`Nenhuma integração cadastrada na unidade gestora ${ug.codigo}.`);
            return;
          }
          printTable(
            ['ID', 'CLIENT ID', 'DESCRIÇÃO', 'PERMISSÃO', 'SECRET', 'CRIADA EM', 'ÚLTIMO USO', 'SITUAÇÃO'],
            items.map((i) => [
              String(i.id),
              i.clientId,
              truncate(i.descricao, 40),
              i.permissao,
              i.secretHint,
              formatDateTime(i.createdAt),
              formatDateTime(i.lastUsedAt),
              i.bloqueada ? 'bloqueada' : 'ativa',
            ]),
          );
        };
      },
    },
    {
      action: 'show',
      synopsis: 'ID [--json]',
      summary: 'Mostra a integração e os seus segredos (sem os secrets): quando cada um foi criado e usado, até quando vale.',
      details: [
        'ID       o número da integração (coluna ID de `cidades integration list`)',
        '--json   imprime o mesmo que `list --json` para esta integração, com "segredos": [{"atual","hint","criadoEm","ultimoUsoEm","ultimoUsoIp","validoAte"}]',
      ],
      prepare(args) {
        const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, true);
        const id = integrationId(positionals);
        return async ({ services }) => {
          const { integration: i } = await services.integrations.find(cliCaller, await services.integrations.ugIdOf(id), id);
          printKey(i, values.json === true);
        };
      },
    },
    {
      action: 'rotate',
      synopsis: 'ID [--grace DURAÇÃO] [--json]',
      summary: 'Gera um novo client secret; o anterior deixa de funcionar imediatamente, ou ao fim da carência (--grace).',
      details: [
        'ID        o número da integração (coluna ID de `cidades integration list`)',
        '--grace   por quanto tempo o segredo atual continua funcionando ao lado do novo: 30m, 1h, 24h, 7d (até 30 dias);',
        '          um segredo anterior ainda em carência deixa de funcionar imediatamente (no máximo dois por chave)',
        '--json    imprime {"id","clientId","clientSecret","permissao","previousSecretValidUntil"} em uma linha',
        '          (previousSecretValidUntil: fim da carência em ISO 8601, ou null sem carência)',
      ],
      prepare(args) {
        const { values, positionals } = parseCommandArgs(args, { grace: { type: 'string' }, json: { type: 'boolean' } }, true);
        const id = integrationId(positionals);
        const graceSeconds = graceOption(values.grace);
        return async ({ services }) => {
          const ugId = await services.integrations.ugIdOf(id);
          const { integration: i, clientSecret } = await services.integrations.renew(cliCaller, ugId, id, { graceSeconds });
          const validUntil = i.previousSecret?.active ? i.previousSecret.validUntil : null;
          if (values.json) {
            printJson({
              id: i.id,
              clientId: i.clientId,
              clientSecret,
              permissao: i.permissao,
              previousSecretValidUntil: validUntil?.toISOString() ?? null,
            });
            return;
          }
          printLines(
            `Novo client secret da integração ${i.id} (${i.clientId}); ${validUntil ? `o anterior funciona até ${formatDateTime(validUntil)}.` : 'o anterior deixou de funcionar.'}`,
            `  Client secret:  ${clientSecret}`,
            '',
            onceWarning,
          );
        };
      },
    },
    {
      action: 'edit',
      synopsis: 'ID [--descricao D] [--permissao leitura|escrita] [--json]',
      summary: 'Altera a descrição e/ou a permissão da integração (o client id e o secret continuam os mesmos).',
      details: [
        'ID            o número da integração (coluna ID de `cidades integration list`)',
        '--descricao   a nova descrição',
        '--permissao   leitura: os tokens já emitidos perdem o envio de dados em cerca de um segundo;',
        '              escrita: os tokens obtidos depois da alteração podem enviar dados',
        '--json        imprime a integração alterada como `integration show --json` a imprime',
        'Informe --descricao, --permissao ou as duas.',
      ],
      prepare(args) {
        const { values, positionals } = parseCommandArgs(
          args,
          { descricao: { type: 'string' }, permissao: { type: 'string' }, json: { type: 'boolean' } },
          true,
        );
        const id = integrationId(positionals);
        if (values.descricao === undefined && values.permissao === undefined)
          throw new UsageError('informe o que alterar: --descricao, --permissao ou as duas.');
        // The key's fields through the domain's schema, as `create` checks them: an error names the option.
        const changes = parseInput(integrationCreateSchema.partial(), {
          descricao: values.descricao,
          permissao: values.permissao === undefined ? undefined : permissao(values.permissao),
        });
        return async ({ services }) => {
          const edited = await services.integrations.edit(cliCaller, await services.integrations.ugIdOf(id), id, changes);
          // Without the values shown the edit always applies; only a key deleted meanwhile is not found.
          if (!edited) throw new NotFoundError(INTEGRATION_NOT_FOUND);
          const i = edited.integration;
          if (!values.json)
            printLines(`Integração ${i.id} alterada.${changes.permissao ? ` ${permissaoEffects[changes.permissao]}` : ''}`, '');
          printKey(i, values.json === true);
        };
      },
    },
    {
      action: 'delete',
      synopsis: 'ID',
      summary: 'Exclui a integração; suas credenciais deixam de funcionar.',
      details: ['ID   o número da integração (coluna ID de `cidades integration list`)'],
      prepare(args) {
        const { positionals } = parseCommandArgs(args, {}, true);
        const id = integrationId(positionals);
        return async ({ services }) => {
          const deleted = await services.integrations.delete(cliCaller, await services.integrations.ugIdOf(id), id);
          printLines(`Integração ${deleted.id} (${deleted.clientId}, "${deleted.descricao}") excluída.`);
        };
      },
    },
  ],
};
