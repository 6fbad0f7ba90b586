import { expect } from 'chai';
import { cliCaller, type Caller } from '../../app/caller.ts';
import {
  ConflictError,
  FieldRuleError,
  ForbiddenError,
  NotFoundError,
  StateConflictError,
  ValidationError,
} from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { UgsRepository } from '../../app/ugs/ugs.repository.ts';
import { memberFormSchema, ugCreateSchema, ugPatchSchema } from '../../app/ugs/ugs.schemas.ts';
import { createTestServices, callerFor, rejects, type TestServices } from '../support/services.ts';
import { contratacaoData, keyOf } from '../support/data.ts';
import { cnpjFrom, createUg, createUgWithPeople, createUser } from '../support/fixtures.ts';
import { createKey } from '../support/oauth.ts';

describe('UgsAdminService on a real database', () => {
  let t: TestServices;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Caller;

  beforeEach(async () => {
    t = await createTestServices();
    people = await createUgWithPeople(t.services);
    admin = callerFor(people.admin);
  });
  afterEach(() => t.close());

  const service = () => t.services.ugsAdmin;
  const members = () => t.services.ugMembers;
  // What the portal's forms submit, parsed as the portal parses them before it calls the service.
  const fields = (ug: { codigo: string; nome: string; cnpj: string }, agregadora: string) =>
    parseInput(ugCreateSchema, { codigo: ug.codigo, nome: ug.nome, cnpj: ug.cnpj, agregadora });
  const memberForm = (usuario: string | null, papel: string) => parseInput(memberFormSchema, { usuario, papel });
  const audit = (action: string) =>
    t.database.db('audit_events').where({ action }).orderBy('id').select('actor_nome', 'ip', 'target_id', 'details');

  it('refuses aggregation cycles: itself, a direct child, a UG several levels below; accepts a UG beside it', async () => {
    const filha = await createUg(t.services, { codigo: 'FILHA', agregadora: people.ug.codigo });
    const neta = await createUg(t.services, { codigo: 'NETA', agregadora: 'FILHA' });
    const bisneta = await createUg(t.services, { codigo: 'BISNETA', agregadora: 'NETA' });
    const irma = await createUg(t.services, { codigo: 'IRMA' });
    for (const [agregadora, message] of [
      [people.ug.codigo, 'Uma UG não pode ser a agregadora de si mesma.'],
      ['FILHA', 'A UG FILHA já está abaixo desta UG: ela não pode ser a agregadora.'],
      ['BISNETA', 'A UG BISNETA já está abaixo desta UG: ela não pode ser a agregadora.'],
    ] as const) {
      const err = await rejects(service().replace(admin, people.ug.id, fields(people.ug, agregadora)));
      expect(err).to.be.instanceOf(FieldRuleError);
      expect(err).to.include({ status: 409, code: 'UG_CYCLE' });
      expect((err as FieldRuleError).fields).to.deep.equal({ agregadora: message });
    }
    const byId = await rejects(service().patch(admin, filha.id, { agregadoraId: bisneta.id }));
    expect((byId as FieldRuleError).fields).to.deep.equal({
      agregadoraId: 'A UG BISNETA já está abaixo desta UG: ela não pode ser a agregadora.',
    });
    expect((await service().find(admin, people.ug.id)).agregadoraId, 'nothing changed').to.equal(null);
    const moved = await service().replace(admin, neta.id, fields(neta, 'IRMA'));
    expect(moved.agregadora).to.deep.equal({ id: irma.id, codigo: 'IRMA', nome: irma.nome });
    expect((await t.services.ugs.visibleUgs(irma.id)).map((u) => u.codigo)).to.deep.equal(['NETA', 'BISNETA', 'IRMA']);
    expect(await service().replace(admin, people.ug.id, fields(people.ug, 'NETA'))).to.include({ agregadoraId: neta.id });
  });

  it('edits only what differs, audits it with the caller, and turns duplicates into field conflicts', async () => {
    const other = await createUg(t.services, { codigo: 'OUTRA' });
    const same = await service().replace(admin, people.ug.id, fields(people.ug, ''));
    expect(same.codigo).to.equal(people.ug.codigo);
    expect(await audit('ug.updated')).to.deep.equal([]);
    await service().patch(admin, people.ug.id, { nome: 'Novo Nome' });
    const [event] = await audit('ug.updated');
    expect(event).to.include({ actor_nome: 'Admin Davi', ip: '203.0.113.7', target_id: String(people.ug.id) });
    expect(JSON.parse(String(event?.details))).to.deep.equal({
      codigo: people.ug.codigo,
      alteracoes: { nome: { de: people.ug.nome, para: 'Novo Nome' } },
    });
    const duplicate = await rejects(service().patch(admin, people.ug.id, { codigo: 'OUTRA' }));
    expect(duplicate).to.be.instanceOf(ConflictError);
    expect((duplicate as ConflictError).fields).to.deep.equal({ codigo: 'Já existe uma unidade gestora com este código.' });
    const cnpj = await rejects(service().patch(admin, people.ug.id, { cnpj: other.cnpj }));
    expect((cnpj as ConflictError).fields).to.deep.equal({ cnpj: 'Já existe uma unidade gestora com este CNPJ.' });
    const invalid = await rejects(
      (async () => service().patch(admin, people.ug.id, parseInput(ugPatchSchema, { cnpj: '11.222.333/0001-82', ativa: 'sim' })))(),
    );
    expect(invalid).to.be.instanceOf(ValidationError);
    expect((invalid as ValidationError).fields).to.have.keys('cnpj', 'ativa');
  });

  it('deletes only a UG nothing belongs to: members, keys, aggregated UGs or data keep it (UG_IN_USE)', async () => {
    const inUse = async (id: number) => {
      const err = await rejects(service().delete(admin, id));
      expect(err).to.be.instanceOf(StateConflictError);
      expect(err).to.include({ status: 409, code: 'UG_IN_USE' });
    };
    await inUse(people.ug.id);
    const withKey = await createUg(t.services);
    await createKey(t.services, withKey.id);
    await inUse(withKey.id);
    const parent = await createUg(t.services, { codigo: 'PAI' });
    await createUg(t.services, { agregadora: 'PAI' });
    await inUse(parent.id);
    const withData = await createUg(t.services);
    await t.services.contratacoes.create(await keyOf(t.services, withData), contratacaoData());
    await inUse(withData.id);
    const empty = await createUg(t.services, { codigo: 'VAZIA' });
    expect(await service().delete(admin, empty.id)).to.include({ codigo: 'VAZIA' });
    expect(await rejects(service().find(admin, empty.id))).to.be.instanceOf(NotFoundError);
    expect((await audit('ug.deleted')).map((e) => e.target_id)).to.deep.equal([String(empty.id)]);
  });

  it('changes the gestor: the previous term ends and stays in the history; the new gestor gets the renewal notice', async () => {
    const key = await createKey(t.services, people.ug.id);
    const ana = callerFor(people.gestor);
    const bruno = callerFor(people.member);
    expect(
      (await t.services.integrations.list(ana, people.ug.id, { limit: 25 })).renewalNotice,
      'keys created under her own term',
    ).to.equal(null);
    const member = await members().setMembership(admin, people.ug.id, { id: people.member.id }, 'gestor');
    expect(member).to.include({ id: people.member.id, papel: 'gestor' });
    const history = await members().gestorHistory(admin, people.ug.id);
    expect(history.map((g) => [g.userId, g.fim === null])).to.deep.equal([
      [people.member.id, true],
      [people.gestor.id, false],
    ]);
    expect(history[1]?.fim?.getTime()).to.equal(history[0]?.inicio.getTime());
    const notice = (await t.services.integrations.list(bruno, people.ug.id, { limit: 25 })).renewalNotice;
    expect(notice?.items.map((i) => i.clientId)).to.deep.equal([key.clientId]);
    expect(notice).to.include({ totalCount: 1, totalCountExact: true });
    expect((await service().find(admin, people.ug.id)).gestor?.userId).to.equal(people.member.id);
    await members().setMembership(admin, people.ug.id, { id: people.member.id }, 'gestor');
    expect(await members().gestorHistory(admin, people.ug.id), 'setting the same gestor again changes nothing').to.have.length(2);
    const [changed] = await audit('ug.gestor_changed').then((events) => events.slice(-1));
    expect(JSON.parse(String(changed?.details))).to.deep.equal({ email: people.member.email, anterior: people.gestor.email });
  });

  it('adds by e-mail or CPF, removes members, and keeps the current gestor until another is set', async () => {
    const carla = await members().addMember(admin, people.ug.id, memberForm(people.outsider.email, 'membro'));
    expect(carla).to.include({ papel: 'membro', nome: 'Carla de Fora' });
    const byCpf = await createUser(t.services);
    expect(await members().addMember(admin, people.ug.id, memberForm(byCpf.cpf, 'membro'))).to.include({ id: byCpf.id });
    const unknown = await rejects(members().addMember(admin, people.ug.id, memberForm('ninguem@exemplo.gov.br', 'membro')));
    expect((unknown as ValidationError).fields).to.deep.equal({ usuario: 'Não existe usuário com este e-mail ou CPF.' });
    for (const attempt of [
      members().removeMember(admin, people.ug.id, people.gestor.id),
      members().setMembership(admin, people.ug.id, { id: people.gestor.id }, 'membro'),
    ]) {
      const err = await rejects(attempt);
      expect(err).to.include({
        status: 409,
        code: 'UG_GESTOR_REQUIRED',
        message: 'Gestora Ana é o gestor atual desta unidade gestora: defina outro gestor antes.',
      });
    }
    await members().removeMember(admin, people.ug.id, people.outsider.id);
    await members().removeMember(admin, people.ug.id, people.outsider.id);
    expect(await new UgsRepository(t.database.db).isMember(people.ug.id, people.outsider.id)).to.equal(false);
    expect(await audit('ug.member_removed')).to.have.length(1);
    expect(await rejects(members().removeMember(admin, people.ug.id, 999999))).to.be.instanceOf(NotFoundError);
    const page = await members().members(admin, people.ug.id, { limit: 50 });
    expect(page.items.map((m) => m.nome).sort()).to.deep.equal([byCpf.nome, 'Gestora Ana', 'Membro Bruno'].sort());
  });

  it('deactivating revokes every key of the UG; reactivating restores those not blocked; both idempotent and audited', async () => {
    const a = await createKey(t.services, people.ug.id);
    const b = await createKey(t.services, people.ug.id);
    await t.services.integrationsAdmin.block(admin, b.id, 'uso indevido');
    const revocations = () => t.database.db('credential_revocations').orderBy('id').select('client_id', 'valid_from_version');
    const before = (await revocations()).length;
    expect(await service().setAtiva(admin, people.ug.id, false)).to.include({ ativa: false });
    expect(await service().setAtiva(admin, people.ug.id, false)).to.include({ ativa: false });
    expect(await t.services.tokenClients.find(a.clientId)).to.equal(null);
    expect((await revocations()).slice(before)).to.deep.equal([
      { client_id: a.clientId, valid_from_version: null },
      { client_id: b.clientId, valid_from_version: null },
    ]);
    await service().setAtiva(admin, people.ug.id, true);
    const restored = (await revocations()).slice(before + 2);
    expect(
      restored.map((r) => r.client_id),
      'the blocked key stays refused',
    ).to.deep.equal([a.clientId]);
    const client = await t.services.tokenClients.find(a.clientId);
    expect(client?.secretVersion).to.equal(Number(restored[0]?.valid_from_version));
    expect(await t.services.tokenClients.find(b.clientId)).to.equal(null);
    expect((await audit('ug.deactivated')).map((e) => JSON.parse(String(e.details)))).to.deep.equal([
      { codigo: people.ug.codigo, integracoes: 2 },
    ]);
    expect(await audit('ug.reactivated')).to.have.length(1);
  });

  it('refuses anyone but a Sys Admin, and answers NotFound for a missing UG', async () => {
    const gestor = callerFor(people.gestor);
    for (const attempt of [
      service().list(gestor, undefined, { limit: 10 }),
      service().create(gestor, { codigo: 'X', nome: 'X', cnpj: cnpjFrom(3) }),
      service().setAtiva(gestor, people.ug.id, false),
      service().delete(gestor, people.ug.id),
      members().setMembership(gestor, people.ug.id, { id: people.outsider.id }, 'gestor'),
      members().removeMember(gestor, people.ug.id, people.member.id),
    ]) {
      expect(await rejects(attempt)).to.be.instanceOf(ForbiddenError);
    }
    expect(await rejects(service().find(cliCaller, 999999))).to.be.instanceOf(NotFoundError);
    expect((await service().find(cliCaller, people.ug.id)).ativa).to.equal(true);
  });
});
