import { expect } from 'chai';
import { cliCaller, type Caller } from '../../app/caller.ts';
import { ConflictError, ForbiddenError, LastAdminError, NotFoundError, ValidationError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { userFieldsSchema } from '../../app/users/users-admin.schemas.ts';
import { passwordConfirmationSchema } from '../../app/users/users.schemas.ts';
import { PASSWORD_LINK_TTL_MS } from '../../app/users/users-admin.service.ts';
import { createTestServices, callerFor, rejects, type TestServices } from '../support/services.ts';
import { cpfFrom, createUser, createUgWithPeople, PASSWORD } from '../support/fixtures.ts';

const NEW_PASSWORD = 'uma-senha-nova-e-longa';

describe('UsersAdminService and PasswordLinkService on a real database', () => {
  let t: TestServices;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Caller;

  beforeEach(async () => {
    t = await createTestServices();
    people = await createUgWithPeople(t.services);
    admin = callerFor(people.admin);
  });
  afterEach(() => t.close());

  const audit = (action: string) => t.database.db('audit_events').where({ action }).select('actor_nome', 'target_id', 'details');
  const fields = (n: number, extra: object = {}) => ({
    nome: `Pessoa ${n}`,
    cpf: cpfFrom(n),
    email: `pessoa-${n}@exemplo.gov.br`,
    isAdmin: false,
    ...extra,
  });

  it('searches name (accents and case ignored), e-mail and CPF with or without punctuation, paged by id', async () => {
    const joana = await createUser(t.services, { nome: 'Joana Conceição', email: 'joana@prefeitura.es.gov.br' });
    const ids = async (q?: string, limit = 50) => (await t.services.usersAdmin.list(admin, q, { limit })).items.map((u) => u.id);
    const cpf = String(joana.cpf);
    const masked = `${cpf.slice(0, 3)}.${cpf.slice(3, 6)}.${cpf.slice(6, 9)}-${cpf.slice(9)}`;
    expect(await ids('CONCEICAO')).to.deep.equal([joana.id]);
    expect(await ids('prefeitura.es')).to.deep.equal([joana.id]);
    expect(await ids(masked)).to.deep.equal([joana.id]);
    expect(await ids(cpf.slice(2, 8))).to.deep.equal([joana.id]);
    expect(await ids('%')).to.deep.equal([]);
    expect(await ids('-')).to.deep.equal([]);
    const all = await ids();
    expect(all).to.have.length(5);
    const first = await t.services.usersAdmin.list(admin, undefined, { limit: 2 });
    expect(first).to.deep.include({ totalCount: 5, nextAfterId: all[1] });
    expect(first.items[0]).not.to.have.property('passwordHash');
  });

  it('creates a user without a password and with a one-time link that works once, until it expires', async () => {
    const { user, passwordLink } = await t.services.usersAdmin.create(
      admin,
      parseInput(userFieldsSchema, fields(901, { cpf: '529.982.247-25' })),
    );
    expect(user).to.include({ nome: 'Pessoa 901', cpf: '52998224725', isAdmin: false, ativo: true });
    expect(passwordLink.expiresAt.getTime() - Date.now()).to.be.within(PASSWORD_LINK_TTL_MS - 60_000, PASSWORD_LINK_TTL_MS);
    const row = await t.database.db('users').where({ id: user.id }).first();
    expect(row.password_hash).to.equal(null);
    expect(row.reset_token_hash).to.have.length(64).and.not.equal(passwordLink.token);
    expect(JSON.stringify(await t.database.db('audit_events').select('details'))).not.to.include(passwordLink.token);

    const mismatch = await rejects(
      Promise.resolve().then(() => parseInput(passwordConfirmationSchema, { password: NEW_PASSWORD, passwordConfirmation: 'outra' })),
    );
    expect(mismatch)
      .to.be.instanceOf(ValidationError)
      .and.deep.include({ fields: { passwordConfirmation: 'As senhas não conferem.' } });
    await t.services.passwordLinks.setPassword(
      passwordLink.token,
      { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD },
      '203.0.113.9',
    );
    expect((await t.services.users.authenticate({ email: user.email, password: NEW_PASSWORD }, null)).id).to.equal(user.id);
    const used = await rejects(
      t.services.passwordLinks.setPassword(passwordLink.token, { password: NEW_PASSWORD, passwordConfirmation: NEW_PASSWORD }, null),
    );
    expect(used).to.be.instanceOf(NotFoundError);
    expect(used.message).to.equal(
      'Este link para definir a senha não é válido, já foi usado ou expirou. Peça um novo link ao administrador do sistema.',
    );
    expect((await audit('user.password_set'))[0]).to.include({ actor_nome: 'Pessoa 901', target_id: String(user.id) });

    const again = await t.services.usersAdmin.forcePasswordReset(admin, user.id);
    await t.database
      .db('users')
      .where({ id: user.id })
      .update({ reset_expires_at: new Date(Date.now() - 1000) });
    expect(await rejects(t.services.passwordLinks.userOf(again.passwordLink.token))).to.be.instanceOf(NotFoundError);
  });

  it("forcing a reset stops the current password and ends the user's sessions", async () => {
    await t.database
      .db('sessions')
      .insert({ sid_hash: 's1', sess: '{}', user_id: people.member.id, expires_at: new Date(Date.now() + 60_000) });
    const { passwordLink } = await t.services.usersAdmin.forcePasswordReset(admin, people.member.id);
    expect(await t.database.db('sessions').where({ user_id: people.member.id })).to.deep.equal([]);
    expect(await rejects(t.services.users.authenticate({ email: people.member.email, password: PASSWORD }, null))).to.be.instanceOf(
      ValidationError,
    );
    expect((await t.services.passwordLinks.userOf(passwordLink.token)).id).to.equal(people.member.id);
    expect((await audit('user.password_reset'))[0]).to.include({ actor_nome: 'Admin Davi', target_id: String(people.member.id) });
  });

  it('edits every field, refuses a duplicate e-mail or CPF naming the field, and audits what changed', async () => {
    const edited = await t.services.usersAdmin.update(admin, people.member.id, { ...fields(902), nome: 'Bruno Editado', isAdmin: true });
    expect(edited).to.include({ nome: 'Bruno Editado', cpf: cpfFrom(902), isAdmin: true });
    expect((await t.services.usersAdmin.list(admin, 'editado', { limit: 5 })).items.map((u) => u.id)).to.deep.equal([people.member.id]);
    const [event] = await audit('user.updated');
    expect(JSON.parse(event.details)).to.deep.equal({
      nome: 'Bruno Editado',
      cpf: cpfFrom(902),
      email: 'pessoa-902@exemplo.gov.br',
      isAdmin: true,
    });
    const email = await rejects(t.services.usersAdmin.update(admin, people.outsider.id, { ...fields(903), email: people.gestor.email }));
    expect(email)
      .to.be.instanceOf(ConflictError)
      .and.deep.include({ fields: { email: 'Já existe um usuário com este e-mail.' } });
    const cpf = await rejects(t.services.usersAdmin.patch(admin, people.outsider.id, { cpf: String(people.gestor.cpf) }));
    expect(cpf)
      .to.be.instanceOf(ConflictError)
      .and.deep.include({ fields: { cpf: 'Já existe um usuário com este CPF.' } });
    // What the portal and the API parse a user's fields with, before the service is called.
    const invalid = await rejects(
      Promise.resolve().then(() => parseInput(userFieldsSchema, { nome: '', cpf: '111.111.111-11', email: 'x', isAdmin: 'sim' })),
    );
    expect(invalid).to.be.instanceOf(ValidationError);
    expect(Object.keys((invalid as ValidationError).fields).sort()).to.deep.equal(['cpf', 'email', 'isAdmin', 'nome']);
  });

  it('deactivates (sessions deleted, sign-in refused) and reactivates, idempotently, each audited once', async () => {
    await t.database
      .db('sessions')
      .insert({ sid_hash: 's2', sess: '{}', user_id: people.gestor.id, expires_at: new Date(Date.now() + 60_000) });
    expect((await t.services.usersAdmin.setAtivo(admin, people.gestor.id, false)).ativo).to.equal(false);
    expect((await t.services.usersAdmin.patch(admin, people.gestor.id, { ativo: false })).user.ativo).to.equal(false);
    expect(await t.database.db('sessions').where({ user_id: people.gestor.id })).to.deep.equal([]);
    const refused = await rejects(t.services.users.authenticate({ email: people.gestor.email, password: PASSWORD }, null));
    expect(refused)
      .to.be.instanceOf(ValidationError)
      .and.deep.include({ fields: { email: 'Este usuário está desativado. Procure o administrador do sistema.' } });
    await t.services.usersAdmin.setAtivo(admin, people.gestor.id, true);
    await t.services.usersAdmin.setAtivo(admin, people.gestor.id, true);
    expect((await t.services.users.authenticate({ email: people.gestor.email, password: PASSWORD }, null)).id).to.equal(people.gestor.id);
    expect(await audit('user.deactivated')).to.have.length(1);
    expect(await audit('user.reactivated')).to.have.length(1);
  });

  it('keeps the last active Sys Admin: neither deactivated nor demoted (409 LAST_ADMIN), until another exists', async () => {
    const last = (promise: Promise<unknown>, field: string) =>
      rejects(promise).then((err) => {
        expect(err).to.be.instanceOf(LastAdminError).and.include({ status: 409, code: 'LAST_ADMIN' });
        expect(Object.keys((err as LastAdminError).fields)).to.deep.equal([field]);
      });
    await last(t.services.usersAdmin.setAtivo(admin, people.admin.id, false), 'ativo');
    await last(t.services.usersAdmin.patch(admin, people.admin.id, { isAdmin: false, ativo: false }), 'ativo');
    await last(
      t.services.usersAdmin.update(admin, people.admin.id, {
        nome: 'Admin Davi',
        cpf: String(people.admin.cpf),
        email: people.admin.email,
        isAdmin: false,
      }),
      'isAdmin',
    );
    expect((await t.services.usersAdmin.find(admin, people.admin.id)).isAdmin).to.equal(true);
    const other = await createUser(t.services, { isAdmin: true });
    await t.services.usersAdmin.setAtivo(admin, other.id, false);
    await last(t.services.usersAdmin.patch(admin, people.admin.id, { ativo: false }), 'ativo');
    await t.services.usersAdmin.setAtivo(cliCaller, other.id, true);
    expect((await t.services.usersAdmin.patch(admin, people.admin.id, { isAdmin: false })).user.isAdmin).to.equal(false);
  });

  it('refuses anyone but a Sys Admin (403) and answers 404 for a missing user', async () => {
    for (const user of [people.gestor, people.member, people.outsider]) {
      const caller = callerFor(user);
      for (const call of [
        t.services.usersAdmin.list(caller, undefined, { limit: 5 }),
        t.services.usersAdmin.find(caller, people.member.id),
        t.services.usersAdmin.create(caller, fields(904)),
        t.services.usersAdmin.update(caller, people.member.id, fields(905)),
        t.services.usersAdmin.setAtivo(caller, people.member.id, false),
        t.services.usersAdmin.forcePasswordReset(caller, people.member.id),
      ]) {
        expect(await rejects(call)).to.be.instanceOf(ForbiddenError);
      }
    }
    for (const id of [999999, 0]) expect(await rejects(t.services.usersAdmin.find(admin, id))).to.be.instanceOf(NotFoundError);
  });
});
