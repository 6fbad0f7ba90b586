import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { cliCaller, userCaller } from '../../app/caller.ts';
import { formatCnpj, normalizeCnpj } from '../../app/documents/check-digits.ts';
import { ValidationError } from '../../app/errors/app-error.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { runCli, type CliResult } from '../support/cli.ts';
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/database.ts';
import { createDb } from '../../app/db/knex.ts';
import { tokenRequest } from '../support/oauth.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { userCreateSchema } from '../../app/users/users.schemas.ts';

/** A valid CNPJ (numeric or alphanumeric) for 12 base characters: the check digits found by trying all 100. */
function cnpjFor(base: string): string {
  for (let dv = 0; dv < 100; dv++) {
    const cnpj = normalizeCnpj(base + String(dv).padStart(2, '0'));
    if (cnpj !== null) return cnpj;
  }
  throw new Error(`no check digits for ${base}`);
}

/** Exactly one `erro: …` line on stderr. */
function assertOneErrorLine(result: CliResult, expected: string | RegExp): void {
  expect(result.stderr, `stderr should be one line: ${JSON.stringify(result.stderr)}`).to.match(/^erro: [^\n]+\n$/);
  if (typeof expected === 'string') expect(result.stderr).to.equal(`erro: ${expected}\n`);
  else expect(result.stderr).to.match(expected);
  expect(result.stdout).to.equal('');
}

describe('cidades (command line)', function () {
  this.timeout(60_000);
  /** The app over the database the commands change: their keys are proven through its POST /oauth/token. */
  let t: TestApp;
  let testDb: TestDatabase;
  let services: Services;

  function cli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
    return runCli(testDb.url, args, options);
  }

  async function cliJson<T>(args: string[]): Promise<T> {
    const result = await cli([...args, '--json']);
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    expect(result.stdout, 'JSON output is exactly one line').to.match(/^[^\n]+\n$/);
    return JSON.parse(result.stdout) as T;
  }

  let ugSeq = 0;
  /** A UG made directly through the services (test data), with a CNPJ of its own. */
  async function newUg(codigo: string): Promise<Ug> {
    ugSeq += 1;
    return services.ugs.create({ codigo, nome: `UG ${codigo}`, cnpj: cnpjFor(`${90000000 + ugSeq}0001`) }, cliCaller);
  }

  before(async function () {
    t = await createTestApp();
    testDb = t.database;
    services = t.services;
  });

  after(async function () {
    await t?.close();
  });

  describe('help and usage', function () {
    it('prints the usage with every command for --help and help, exit 0', async function () {
      for (const args of [['--help'], ['help']]) {
        const result = await cli(args);
        expect(result.code).to.equal(0);
        expect(result.stderr).to.equal('');
        for (const command of [
          'ug create',
          'user create',
          'member add',
          'gestor set',
          'integration create',
          'integration list',
          'integration rotate',
          'integration edit',
          'integration delete',
          'keys rotate',
          'db migrate',
        ]) {
          expect(result.stdout, `usage lists ${command}`).to.include(`cidades ${command}`);
        }
      }
    });

    it('prints a group usage for `<group> --help` and a command usage for `<group> <action> --help`', async function () {
      const group = await cli(['integration', '--help']);
      expect(group.code).to.equal(0);
      expect(group.stdout).to.match(/^Uso: cidades integration <ação>/);
      expect(group.stdout).to.include('cidades integration rotate ID [--grace DURAÇÃO] [--json]');
      expect(group.stdout).to.include('cidades integration show ID [--json]');
      const command = await cli(['user', 'create', '--help']);
      expect(command.code).to.equal(0);
      expect(command.stdout).to.include('--password-stdin');
    });

    it('rejects an unknown command with the usage on stderr, exit 2', async function () {
      const result = await cli(['frobnicate']);
      expect(result.code).to.equal(2);
      expect(result.stdout).to.equal('');
      expect(result.stderr).to.match(/^erro: comando desconhecido: frobnicate\.\n\n/);
      expect(result.stderr).to.include('Uso: cidades <grupo> <ação> [opções]');
    });

    it('rejects an unknown action and a missing command, exit 2', async function () {
      const action = await cli(['ug', 'destroy']);
      expect(action.code).to.equal(2);
      expect(action.stderr).to.match(/^erro: ação desconhecida: cidades ug destroy\.\n/);
      const none = await cli([]);
      expect(none.code).to.equal(2);
      expect(none.stderr).to.match(/^erro: informe um comando\.\n/);
    });
  });

  describe('ug create', function () {
    it('creates a UG and prints a confirmation', async function () {
      const cnpj = cnpjFor('11222333' + '0001');
      const result = await cli(['ug', 'create', '--codigo', 'UG-H1', '--nome', 'Prefeitura de Vitória', '--cnpj', formatCnpj(cnpj)]);
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(/^Unidade gestora criada: UG-H1 — Prefeitura de Vitória \(CNPJ [\d./-]+\), id \d+\.\n$/);
      expect((await services.ugs.findByCodigo('UG-H1')).cnpj).to.equal(cnpj);
    });

    it('prints the UG as one JSON line with --json, including its agregadora', async function () {
      await newUg('UG-AGR');
      const cnpj = cnpjFor('44555666' + '0001');
      const ug = await cliJson<Record<string, unknown>>([
        'ug',
        'create',
        '--codigo',
        'UG-J1',
        '--nome',
        'Câmara',
        '--cnpj',
        cnpj,
        '--agregadora',
        'UG-AGR',
      ]);
      expect(Object.keys(ug).sort()).to.deep.equal(['agregadora', 'ativa', 'cnpj', 'codigo', 'id', 'nome', 'tribunal']);
      expect(typeof ug.id).to.equal('number');
      expect({ ...ug, id: 0 }).to.deep.equal({
        id: 0,
        codigo: 'UG-J1',
        nome: 'Câmara',
        cnpj,
        agregadora: 'UG-AGR',
        ativa: true,
        tribunal: false,
      });
    });

    it('accepts an alphanumeric CNPJ, masked, and stores it normalized', async function () {
      expect(cnpjFor('12ABC34501DE')).to.equal('12ABC34501DE35');
      const result = await cli(['ug', 'create', '--codigo', 'UG-ALFA', '--nome', 'Consórcio', '--cnpj', '12.abc.345/01DE-35']);
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('CNPJ 12.ABC.345/01DE-35');
      const row = await testDb.db('unidades_gestoras').where({ codigo: 'UG-ALFA' }).first('cnpj');
      expect(row?.cnpj).to.equal('12ABC34501DE35');
    });

    it('rejects a duplicate código: one line, exit 1', async function () {
      await newUg('UG-DUP');
      const result = await cli(['ug', 'create', '--codigo', 'UG-DUP', '--nome', 'Outra', '--cnpj', cnpjFor('77888999' + '0001')]);
      expect(result.code).to.equal(1);
      assertOneErrorLine(result, 'codigo: Já existe uma unidade gestora com este código.');
    });

    it('rejects an invalid CNPJ: one line, exit 1', async function () {
      const valid = cnpjFor('33444555' + '0001');
      const wrong = valid.slice(0, 13) + String((Number(valid[13]) + 1) % 10);
      const result = await cli(['ug', 'create', '--codigo', 'UG-BAD', '--nome', 'X', '--cnpj', wrong]);
      expect(result.code).to.equal(1);
      assertOneErrorLine(result, 'cnpj: CNPJ inválido: confira os dígitos verificadores.');
    });

    it('rejects an unknown agregadora: exit 1', async function () {
      const result = await cli([
        'ug',
        'create',
        '--codigo',
        'UG-ORF',
        '--nome',
        'X',
        '--cnpj',
        cnpjFor('55666777' + '0001'),
        '--agregadora',
        'NAO-EXISTE',
      ]);
      expect(result.code).to.equal(1);
      assertOneErrorLine(result, 'agregadora: Não existe unidade gestora com este código.');
    });

    it('rejects a missing required option or an unknown option before touching the database: exit 2', async function () {
      const missing = await cli(['ug', 'create', '--codigo', 'UG-MISS', '--nome', 'X']);
      expect(missing.code).to.equal(2);
      assertOneErrorLine(missing, 'falta a opção obrigatória --cnpj.');
      const unknown = await cli(['ug', 'create', '--codigo', 'UG-MISS', '--nome', 'X', '--cnpj', cnpjFor('66777888' + '0001'), '--bogus']);
      expect(unknown.code).to.equal(2);
      assertOneErrorLine(unknown, 'opção desconhecida: --bogus.');
      const noValue = await cli(['ug', 'create', '--codigo']);
      expect(noValue.code).to.equal(2);
      assertOneErrorLine(noValue, 'a opção --codigo exige um valor.');
      expect(await testDb.db('unidades_gestoras').where({ codigo: 'UG-MISS' }).first()).to.equal(undefined);
    });
  });

  describe('user create', function () {
    it('reads the password from stdin with --password-stdin: the user can sign in', async function () {
      const result = await cli(
        ['user', 'create', '--email', 'Ana@Exemplo.gov.br', '--nome', 'Ana Souza', '--cpf', '529.982.247-25', '--password-stdin'],
        {
          input: 'uma-senha-bem-longa\nsegunda linha ignorada\n',
        },
      );
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(/^Usuário criado: Ana Souza <ana@exemplo\.gov\.br>, CPF 529\.982\.247-25, id \d+\.\n$/);
      const user = await services.users.authenticate({ email: 'ana@exemplo.gov.br', password: 'uma-senha-bem-longa' }, null);
      expect(user.nome).to.equal('Ana Souza');
    });

    it('creates a user without a password and says so; --json shows the record without any hash', async function () {
      const human = await cli(['user', 'create', '--email', 'bruno@exemplo.gov.br', '--nome', 'Bruno', '--cpf', '111.444.777-35']);
      expect(human.code).to.equal(0);
      expect(human.stdout).to.include('não tem senha');
      const refused = await services.users.authenticate({ email: 'bruno@exemplo.gov.br', password: 'qualquer-coisa-123' }, null).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).to.be.instanceOf(ValidationError);
      const user = await cliJson<Record<string, unknown>>([
        'user',
        'create',
        '--email',
        'carla@exemplo.gov.br',
        '--nome',
        'Carla',
        '--cpf',
        '390.533.447-05',
        '--admin',
      ]);
      expect(Object.keys(user).sort()).to.deep.equal(['ativo', 'cpf', 'createdAt', 'email', 'hasPassword', 'id', 'isAdmin', 'nome']);
      expect(user.isAdmin).to.equal(true);
      expect(user.hasPassword).to.equal(false);
      expect(String(user.createdAt)).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    });

    it('rejects a duplicate e-mail: one line naming the e-mail, exit 1', async function () {
      await services.users.create(
        parseInput(userCreateSchema, { nome: 'Primeira', cpf: '453.178.287-91', email: 'repetido@exemplo.gov.br' }),
        cliCaller,
      );
      const result = await cli(['user', 'create', '--email', 'repetido@exemplo.gov.br', '--nome', 'Segunda', '--cpf', '168.995.350-09']);
      expect(result.code).to.equal(1);
      assertOneErrorLine(result, 'email: Já existe um usuário com este e-mail.');
    });

    it('rejects a short password from stdin and an invalid CPF: one line, exit 1', async function () {
      const short = await cli(
        ['user', 'create', '--email', 'd@exemplo.gov.br', '--nome', 'D', '--cpf', '935.411.347-80', '--password-stdin'],
        { input: 'curta\n' },
      );
      expect(short.code).to.equal(1);
      assertOneErrorLine(short, 'password: A senha deve ter pelo menos 12 caracteres.');
      const cpf = await cli(['user', 'create', '--email', 'e@exemplo.gov.br', '--nome', 'E', '--cpf', '123.456.789-00']);
      expect(cpf.code).to.equal(1);
      assertOneErrorLine(cpf, 'cpf: CPF inválido: confira os dígitos verificadores.');
    });
  });

  describe('gestor set and member add', function () {
    it('makes a user gestor of a UG, and another a plain member', async function () {
      const ug = await newUg('UG-GES');
      const gestor = await services.users.create(
        parseInput(userCreateSchema, { nome: 'Gestora', cpf: '987.654.321-00', email: 'gestora@exemplo.gov.br' }),
        cliCaller,
      );
      const membro = await services.users.create(
        parseInput(userCreateSchema, { nome: 'Membro', cpf: '714.602.380-01', email: 'membro@exemplo.gov.br' }),
        cliCaller,
      );

      const set = await cli(['gestor', 'set', '--ug', 'UG-GES', '--email', 'Gestora@Exemplo.gov.br']);
      expect(set.stderr).to.equal('');
      expect(set.code).to.equal(0);
      expect(set.stdout).to.equal('gestora@exemplo.gov.br agora é o gestor da unidade gestora UG-GES.\n');
      const add = await cli(['member', 'add', '--ug', 'UG-GES', '--email', 'membro@exemplo.gov.br']);
      expect(add.code).to.equal(0);
      expect(add.stdout).to.equal('membro@exemplo.gov.br agora é membro da unidade gestora UG-GES.\n');

      const asGestor = await services.ugs.access(userCaller({ ...gestor, isAdmin: false }, null), ug.id);
      expect(asGestor.isGestor).to.equal(true);
      const asMembro = await services.ugs.access(userCaller({ ...membro, isAdmin: false }, null), ug.id);
      expect(asMembro.isGestor).to.equal(false);
      expect(asMembro.canManage).to.equal(false);
    });

    it('reports an unknown UG or user: one line, exit 1', async function () {
      const ug = await cli(['gestor', 'set', '--ug', 'NAO-EXISTE', '--email', 'gestora@exemplo.gov.br']);
      expect(ug.code).to.equal(1);
      assertOneErrorLine(ug, 'Unidade gestora não encontrada.');
      await newUg('UG-SEM');
      const user = await cli(['member', 'add', '--ug', 'UG-SEM', '--email', 'ninguem@exemplo.gov.br']);
      expect(user.code).to.equal(1);
      assertOneErrorLine(user, 'Não existe usuário com este e-mail.');
      const missing = await cli(['member', 'add', '--ug', 'UG-SEM']);
      expect(missing.code).to.equal(2);
      assertOneErrorLine(missing, 'falta a opção obrigatória --email.');
    });
  });

  describe('integration', function () {
    interface Created {
      id: number;
      clientId: string;
      clientSecret: string;
      permissao: string;
    }

    const recordKeys = [
      'bloqueada',
      'clientId',
      'createdAt',
      'createdByNome',
      'descricao',
      'id',
      'lastUsedAt',
      'lastUsedIp',
      'permissao',
      'secretCreatedAt',
      'secretHint',
    ];

    it('create --json prints the credentials once; the database keeps only a hash', async function () {
      await newUg('UG-INT1');
      const created = await cliJson<Created & Record<string, unknown>>([
        'integration',
        'create',
        '--ug',
        'UG-INT1',
        '--descricao',
        'Sistema de folha',
        '--permissao',
        'escrita',
      ]);
      expect(Object.keys(created).sort()).to.deep.equal(['admin', 'clientId', 'clientSecret', 'descricao', 'id', 'permissao', 'ug']);
      expect(created.clientId).to.match(/^cid_[0-9A-Za-z]+$/);
      expect(created.clientSecret).to.match(/^cds_[0-9A-Za-z]+$/);
      expect(created.permissao).to.equal('escrita');
      expect(created.ug).to.equal('UG-INT1');

      const row = await testDb.db('integracoes').where({ id: created.id }).first('secret_hash', 'client_id');
      expect(row?.client_id).to.equal(created.clientId);
      expect(String(row?.secret_hash)).to.not.include(created.clientSecret);
      expect(String(row?.secret_hash)).to.not.include(created.clientSecret.slice(4));
      const audit = await testDb.db('audit_events').select('details');
      expect(JSON.stringify(audit)).to.not.include(created.clientSecret.slice(4));
      await tokenRequest(t.app, created).expect(200);
    });

    it('create without --json warns that the secret is shown only once', async function () {
      await newUg('UG-INT2');
      const result = await cli(['integration', 'create', '--ug', 'UG-INT2', '--descricao', 'Portal', '--permissao', 'leitura']);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(/Client secret: +cds_/);
      expect(result.stdout).to.include('somente esta vez');
    });

    it('list --json shows the records without secrets or hashes; the human list is a table', async function () {
      await newUg('UG-INT3');
      const a = await cliJson<Created>(['integration', 'create', '--ug', 'UG-INT3', '--descricao', 'Folha', '--permissao', 'leitura']);
      const b = await cliJson<Created>(['integration', 'create', '--ug', 'UG-INT3', '--descricao', 'Contratos', '--permissao', 'escrita']);
      const raw = await cli(['integration', 'list', '--ug', 'UG-INT3', '--json']);
      expect(raw.code).to.equal(0);
      expect(raw.stdout).to.not.include(a.clientSecret.slice(4)).and.to.not.include(b.clientSecret.slice(4));
      const items = JSON.parse(raw.stdout) as Array<Record<string, unknown>>;
      expect(items.map((i) => i.id).sort()).to.deep.equal([a.id, b.id].sort());
      for (const item of items) {
        expect(Object.keys(item).sort()).to.deep.equal(recordKeys);
        expect(String(item.createdAt)).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        expect(String(item.secretHint)).to.match(/^cds_.{4}…$/);
        expect(item.createdByNome).to.equal(cliCaller.nome);
      }
      const table = await cli(['integration', 'list', '--ug', 'UG-INT3']);
      expect(table.code).to.equal(0);
      const lines = table.stdout.trimEnd().split('\n');
      expect(lines.length).to.equal(4);
      expect(lines[0] ?? '').to.match(/^ID +CLIENT ID +DESCRIÇÃO +PERMISSÃO/);
      expect(lines[2]?.indexOf('cid_')).to.equal(lines[0]?.indexOf('CLIENT ID'));
      expect(lines[3]?.indexOf('cid_')).to.equal(lines[0]?.indexOf('CLIENT ID'));
    });

    it("create --admin works only in the Tribunal's UG (ug create --tribunal)", async function () {
      const tribunal = await cliJson<{ tribunal: boolean }>([
        'ug',
        'create',
        '--codigo',
        'TCE',
        '--nome',
        'Tribunal',
        '--cnpj',
        cnpjFor('55666777' + '0001'),
        '--tribunal',
      ]);
      expect(tribunal.tribunal).to.equal(true);
      const admin = await cliJson<Created & { admin: boolean }>([
        'integration',
        'create',
        '--ug',
        'TCE',
        '--descricao',
        'Automação',
        '--permissao',
        'leitura',
        '--admin',
      ]);
      expect(admin.admin).to.equal(true);
      await newUg('UG-INT9');
      const refused = await cli(['integration', 'create', '--ug', 'UG-INT9', '--descricao', 'x', '--permissao', 'leitura', '--admin']);
      assertOneErrorLine(refused, /escopo admin/);
    });

    it('rotate --json prints a new secret: the old one stops working', async function () {
      await newUg('UG-INT4');
      const created = await cliJson<Created>([
        'integration',
        'create',
        '--ug',
        'UG-INT4',
        '--descricao',
        'Folha',
        '--permissao',
        'escrita',
      ]);
      const rotated = await cliJson<Created>(['integration', 'rotate', String(created.id)]);
      expect(Object.keys(rotated).sort()).to.deep.equal(['clientId', 'clientSecret', 'id', 'permissao', 'previousSecretValidUntil']);
      expect(rotated).to.have.property('previousSecretValidUntil', null);
      expect(rotated.id).to.equal(created.id);
      expect(rotated.clientId).to.equal(created.clientId);
      expect(rotated.clientSecret).to.match(/^cds_/);
      expect(rotated.clientSecret).to.not.equal(created.clientSecret);
      await tokenRequest(t.app, created).expect(401);
      await tokenRequest(t.app, rotated).expect(200);
    });

    it('rotate --grace keeps the current secret working beside the new one until the grace ends; show lists both secrets', async function () {
      await newUg('UG-INT10');
      const created = await cliJson<Created>(['integration', 'create', '--ug', 'UG-INT10', '--descricao', 'ERP', '--permissao', 'leitura']);
      await tokenRequest(t.app, created).expect(200);
      const before = Date.now();
      const rotated = await cliJson<Created & { previousSecretValidUntil: string }>([
        'integration',
        'rotate',
        String(created.id),
        '--grace',
        '24h',
      ]);
      const validUntil = Date.parse(rotated.previousSecretValidUntil);
      expect(validUntil).to.be.within(before + 86_400_000, Date.now() + 86_400_000);
      await tokenRequest(t.app, created).expect(200);
      await tokenRequest(t.app, rotated).expect(200);
      const shown = await cliJson<{ segredos: Array<Record<string, unknown>> }>(['integration', 'show', String(created.id)]);
      expect(shown.segredos.map((s) => Object.keys(s).sort())).to.deep.equal([
        ['atual', 'criadoEm', 'hint', 'ultimoUsoEm', 'ultimoUsoIp', 'validoAte'],
        ['atual', 'criadoEm', 'hint', 'ultimoUsoEm', 'ultimoUsoIp', 'validoAte'],
      ]);
      expect(shown.segredos.map((s) => [s.atual, s.hint, s.validoAte])).to.deep.equal([
        [true, `${rotated.clientSecret.slice(0, 8)}…`, null],
        [false, `${created.clientSecret.slice(0, 8)}…`, rotated.previousSecretValidUntil],
      ]);
      expect(JSON.stringify(shown)).to.not.include(created.clientSecret).and.not.include(rotated.clientSecret);
      // A second renewal during the grace ends the older secret at once.
      const again = await cliJson<Created & { previousSecretValidUntil: string | null }>([
        'integration',
        'rotate',
        String(created.id),
        '--grace',
        '1h',
      ]);
      await tokenRequest(t.app, created).expect(401);
      await tokenRequest(t.app, rotated).expect(200);
      await tokenRequest(t.app, again).expect(200);
      for (const bad of ['24x', '1.5h', '31d', 'h'])
        assertOneErrorLine(await cli(['integration', 'rotate', String(created.id), '--grace', bad]), /--grace deve ser/);
    });

    it('delete removes the key: it leaves the list and its credentials stop working', async function () {
      await newUg('UG-INT5');
      const created = await cliJson<Created>([
        'integration',
        'create',
        '--ug',
        'UG-INT5',
        '--descricao',
        'Descartável',
        '--permissao',
        'leitura',
      ]);
      const result = await cli(['integration', 'delete', String(created.id)]);
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal(`Integração ${created.id} (${created.clientId}, "Descartável") excluída.\n`);
      expect(await cliJson<unknown[]>(['integration', 'list', '--ug', 'UG-INT5'])).to.deep.equal([]);
      await tokenRequest(t.app, created).expect(401);
      const again = await cli(['integration', 'delete', String(created.id)]);
      expect(again.code).to.equal(1);
      assertOneErrorLine(again, 'Integração não encontrada.');
    });

    it('edit changes the description and the permission: audited, the new scope in the next token, --json as list prints', async function () {
      await newUg('UG-INT6');
      const created = await cliJson<Created>([
        'integration',
        'create',
        '--ug',
        'UG-INT6',
        '--descricao',
        'Folha',
        '--permissao',
        'escrita',
      ]);
      const described = await cliJson<Record<string, unknown>>(['integration', 'edit', String(created.id), '--descricao', ' Folha nova ']);
      // As `show --json` prints the key.
      expect(described).to.deep.equal(await cliJson<Record<string, unknown>>(['integration', 'show', String(created.id)]));
      expect(described).to.include({ id: created.id, clientId: created.clientId, descricao: 'Folha nova', permissao: 'escrita' });
      const lowered = await cli(['integration', 'edit', String(created.id), '--permissao', 'leitura']);
      expect(lowered.stderr).to.equal('');
      expect(lowered.code).to.equal(0);
      const shown = await cli(['integration', 'show', String(created.id)]);
      expect(lowered.stdout).to.equal(
        `Integração ${created.id} alterada. Os tokens já emitidos perderam o envio de dados; os novos só consultam.\n\n${shown.stdout}`,
      );
      expect(shown.stdout).to.include('  Permissão:   leitura (Somente consulta)');
      const token = await tokenRequest(t.app, created).expect(200);
      expect((token.body as { scope: string }).scope).to.equal('leitura');
      const events = await testDb
        .db('audit_events')
        .where({ action: 'integration.updated', target_id: String(created.id) })
        .orderBy('id')
        .select('actor_nome', 'details');
      expect(
        events.map((e: { actor_nome: string; details: unknown }) => [
          e.actor_nome,
          typeof e.details === 'string' ? JSON.parse(e.details) : e.details,
        ]),
      ).to.deep.equal([
        ['cidades (linha de comando)', { clientId: created.clientId, descricao: 'Folha nova' }],
        ['cidades (linha de comando)', { clientId: created.clientId, permissao: 'leitura' }],
      ]);
    });

    it('edit rejects bad input with the messages of create, and an unknown ID', async function () {
      const nothing = await cli(['integration', 'edit', '1']);
      expect(nothing.code).to.equal(2);
      assertOneErrorLine(nothing, 'informe o que alterar: --descricao, --permissao ou as duas.');
      const permissao = await cli(['integration', 'edit', '1', '--permissao', 'admin']);
      expect(permissao.code).to.equal(2);
      assertOneErrorLine(permissao, '--permissao deve ser leitura ou escrita.');
      const blank = await cli(['integration', 'edit', '1', '--descricao', '  ']);
      expect(blank.code).to.equal(1);
      assertOneErrorLine(blank, 'descricao: Informe a descrição da integração.');
      const id = await cli(['integration', 'edit', 'abc', '--descricao', 'X']);
      expect(id.code).to.equal(2);
      assertOneErrorLine(id, 'ID de integração inválido: abc.');
      const unknown = await cli(['integration', 'edit', '999999', '--descricao', 'X']);
      expect(unknown.code).to.equal(1);
      assertOneErrorLine(unknown, 'Integração não encontrada.');
    });

    it('rejects bad arguments: permissão, ID, unknown UG', async function () {
      const permissao = await cli(['integration', 'create', '--ug', 'UG-INT1', '--descricao', 'X', '--permissao', 'admin']);
      expect(permissao.code).to.equal(2);
      assertOneErrorLine(permissao, '--permissao deve ser leitura ou escrita.');
      const id = await cli(['integration', 'rotate', 'abc']);
      expect(id.code).to.equal(2);
      assertOneErrorLine(id, 'ID de integração inválido: abc.');
      const noId = await cli(['integration', 'delete']);
      expect(noId.code).to.equal(2);
      assertOneErrorLine(noId, /^erro: informe o ID da integração/);
      const ug = await cli(['integration', 'list', '--ug', 'NAO-EXISTE']);
      expect(ug.code).to.equal(1);
      assertOneErrorLine(ug, 'Unidade gestora não encontrada.');
    });
  });

  describe('keys rotate', function () {
    it('adds a signing key that becomes the newest, keeping the previous one', async function () {
      await services.signingKeys.ensureKey();
      const before = await services.signingKeys.load();
      const { kid } = await cliJson<{ kid: string }>(['keys', 'rotate', '--json']);
      const after = await services.signingKeys.load();
      expect(after.publicJwks.map((k) => k.kid)).to.deep.equal([kid, ...before.publicJwks.map((k) => k.kid)]);
      expect(after.privateJwks[0]).to.have.property('d');
      const stored = await testDb.db('signing_keys').where({ kid }).first('private_jwk_encrypted');
      expect(stored.private_jwk_encrypted).not.to.include(String(after.privateJwks[0]?.d));
    });
  });

  describe('db migrate, configuration and database errors', function () {
    it('db migrate on an up-to-date database says so', async function () {
      const result = await cli(['db', 'migrate']);
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal('Banco de dados já está atualizado.\n');
    });

    it('db migrate refuses a schema a later release migrated, naming the migrations this one does not know, exit 1', async function () {
      const later = await createTestDatabase();
      try {
        await later.db('knex_migrations').insert({ name: '20990101_0099_futura', batch: 99, migration_time: new Date() });
        const result = await runCli(later.url, ['db', 'migrate']);
        expect(result.code).to.equal(1);
        assertOneErrorLine(
          result,
          /^erro: O banco de dados foi migrado por uma versão mais nova do CidadES: .*\(20990101_0099_futura\)\. Inicie a versão/,
        );
      } finally {
        await later.destroy();
      }
    });

    it('db backup copies a SQLite database to a new file, which opens with the same data; refuses an existing file', async function () {
      const target = path.join(mkdtempSync(path.join(tmpdir(), 'cidades-backup-')), 'copia.sqlite3');
      if (onPostgres) {
        assertOneErrorLine(await cli(['db', 'backup', target]), 'o banco de dados é PostgreSQL: faça a cópia com pg_dump.');
        return;
      }
      const ug = await newUg('BACKUP1');
      const result = await cli(['db', 'backup', target]);
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal(`Cópia do banco de dados gravada em ${target}.\n`);
      const copy = createDb(target);
      try {
        expect(await copy('unidades_gestoras').where({ id: ug.id }).first('codigo')).to.deep.equal({ codigo: 'BACKUP1' });
        expect(await copy('users').count({ n: '*' })).to.deep.equal(await testDb.db('users').count({ n: '*' }));
      } finally {
        await copy.destroy();
      }
      const again = await cli(['db', 'backup', target]);
      expect(again.code).to.equal(1);
      assertOneErrorLine(again, `o arquivo ${target} já existe: informe um arquivo novo.`);
      expect((await cli(['db', 'backup'])).code).to.equal(2);
    });

    it('reports an invalid configuration in one line, exit 1', async function () {
      const result = await cli(['db', 'migrate'], { env: { LOG_LEVEL: 'verboso' } });
      expect(result.code).to.equal(1);
      assertOneErrorLine(result, /^erro: Configuração inválida: LOG_LEVEL: /);
    });

    it('reports an unreachable database in one line without its password, exit 1', async function () {
      const result = await cli(['integration', 'list', '--ug', 'X'], {
        env: { DATABASE_URL: 'postgres://cidades:segredo@127.0.0.1:1/nada' },
      });
      expect(result.code).to.equal(1);
      assertOneErrorLine(result, /^erro: Não foi possível conectar ao banco de dados postgres:\/\/cidades:\*\*\*@127\.0\.0\.1:1\/nada: /);
    });
  });
});
