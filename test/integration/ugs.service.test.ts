import { expect } from 'chai';
import { cliCaller, userCaller } from '../../app/caller.ts';
import type { ValidationError } from '../../app/errors/app-error.ts';
import { ConflictError, ForbiddenError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { ugCreateSchema } from '../../app/ugs/ugs.schemas.ts';
import { callerFor, createTestServices, rejects, type TestServices } from '../support/services.ts';
import { cnpjFrom, cpfFrom, createUser } from '../support/fixtures.ts';
import { userCreateSchema } from '../../app/users/users.schemas.ts';

describe('UgsService and UsersService on a real database', () => {
  let t: TestServices;

  beforeEach(async () => {
    t = await createTestServices();
  });
  afterEach(() => t.close());

  /** The fields as a surface parses them (the form, the options) before it calls the service. */
  const fields = (input: Record<string, string>) => parseInput(ugCreateSchema, input);

  it('creates UGs with masked or alphanumeric CNPJs and an agregadora', async () => {
    const agregadora = await t.services.ugs.create(fields({ codigo: 'AGR1', nome: 'Consórcio', cnpj: '11.222.333/0001-81' }), cliCaller);
    const ug = await t.services.ugs.create(
      fields({ codigo: 'UG1', nome: 'Prefeitura', cnpj: '12.abc.345/01de-35', agregadora: 'AGR1' }),
      cliCaller,
    );
    expect(agregadora).to.include({ codigo: 'AGR1', cnpj: '11222333000181', agregadoraId: null, ativa: true });
    expect(ug).to.include({ cnpj: '12ABC34501DE35', agregadoraId: agregadora.id });
  });

  it('turns duplicate código or CNPJ into a field error, on either database', async () => {
    await t.services.ugs.create({ codigo: 'UG1', nome: 'A', cnpj: cnpjFrom(1) }, cliCaller);
    const byCodigo = await rejects(t.services.ugs.create({ codigo: 'UG1', nome: 'B', cnpj: cnpjFrom(2) }, cliCaller));
    expect(byCodigo).to.be.instanceOf(ConflictError);
    expect((byCodigo as ConflictError).fields).to.deep.equal({ codigo: 'Já existe uma unidade gestora com este código.' });
    const byCnpj = await rejects(t.services.ugs.create({ codigo: 'UG2', nome: 'B', cnpj: cnpjFrom(1) }, cliCaller));
    expect((byCnpj as ConflictError).fields).to.deep.equal({ cnpj: 'Já existe uma unidade gestora com este CNPJ.' });
  });

  it('refuses an unknown agregadora, an invalid CNPJ, and a non-admin caller', async () => {
    const unknown = await rejects(t.services.ugs.create({ codigo: 'UG3', nome: 'C', cnpj: cnpjFrom(3), agregadora: 'NAO' }, cliCaller));
    expect((unknown as ValidationError).fields).to.deep.equal({ agregadora: 'Não existe unidade gestora com este código.' });
    const invalid = await rejects(
      (async () => t.services.ugs.create(fields({ codigo: 'UG 3', nome: '', cnpj: '11.222.333/0001-82' }), cliCaller))(),
    );
    expect((invalid as ValidationError).fields).to.have.keys('codigo', 'nome', 'cnpj');
    const user = await createUser(t.services);
    const forbidden = await rejects(t.services.ugs.create({ codigo: 'UG4', nome: 'D', cnpj: cnpjFrom(4) }, callerFor(user)));
    expect(forbidden).to.be.instanceOf(ForbiddenError);
  });

  it('turns duplicate e-mail or CPF into a field error', async () => {
    await t.services.users.create(
      parseInput(userCreateSchema, { nome: 'A', cpf: cpfFrom(10), email: 'a@tc.br', password: 'senha-bem-longa' }),
      cliCaller,
    );
    const byEmail = await rejects(
      t.services.users.create(
        parseInput(userCreateSchema, { nome: 'B', cpf: cpfFrom(11), email: 'A@TC.BR', password: 'senha-bem-longa' }),
        cliCaller,
      ),
    );
    expect((byEmail as ConflictError).fields).to.deep.equal({ email: 'Já existe um usuário com este e-mail.' });
    const byCpf = await rejects(
      t.services.users.create(parseInput(userCreateSchema, { nome: 'C', cpf: cpfFrom(10), email: 'c@tc.br' }), cliCaller),
    );
    expect((byCpf as ConflictError).fields).to.deep.equal({ cpf: 'Já existe um usuário com este CPF.' });
  });

  it('stores passwords as argon2id hashes', async () => {
    const user = await t.services.users.create(
      parseInput(userCreateSchema, { nome: 'A', cpf: cpfFrom(20), email: 'h@tc.br', password: 'senha-bem-longa' }),
      cliCaller,
    );
    const row = await t.database.db('users').where({ id: user.id }).first('password_hash');
    expect(row.password_hash).to.match(/^\$argon2id\$/);
  });

  it('lists only the UGs a user belongs to, and every UG to a Sys Admin', async () => {
    const user = await createUser(t.services);
    const admin = await createUser(t.services, { isAdmin: true });
    await t.services.ugs.create({ codigo: 'MINHA', nome: 'Minha', cnpj: cnpjFrom(30) }, cliCaller);
    await t.services.ugs.create({ codigo: 'OUTRA', nome: 'Outra', cnpj: cnpjFrom(31) }, cliCaller);
    await t.services.ugs.addMember('MINHA', user.email, cliCaller);
    const mine = await t.services.ugs.list(userCaller({ ...user, isAdmin: false }, null), undefined, { limit: 25 });
    expect(mine.items.map((u) => u.codigo)).to.deep.equal(['MINHA']);
    const all = await t.services.ugs.list(userCaller({ ...admin, isAdmin: true }, null), undefined, { limit: 25 });
    expect(all.items.map((u) => u.codigo)).to.deep.equal(['MINHA', 'OUTRA']);
  });
});
