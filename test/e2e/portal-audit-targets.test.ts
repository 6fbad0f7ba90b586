import { expect } from 'chai';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { callerFor } from '../support/services.ts';
import { signIn, visibleText, type Agent } from '../support/portal.ts';

/** Each event's row as a person reads it, by its action's label, newest first. */
function rowsOf(html: string): string[] {
  return html.split('<tr data-event-id=').slice(1).map(visibleText);
}

/** The "Alvo" cells of the CSV (the last column, "Alvo (nome)"), by the action's code. */
function csvTargets(csv: string): Array<[string, string]> {
  const [header, ...lines] = csv
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');
  expect(header?.split(';').at(-1)).to.equal('Alvo (nome)');
  return lines.map((line) => {
    const cells = line.split(';');
    return [cells[2] ?? '', cells.at(-1) ?? ''];
  });
}

describe('portal: Auditoria names each target as a gestor knows it', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Agent;
  let gestor: Agent;
  let kept: { id: number; clientId: string };
  let deleted: { id: number; clientId: string };

  before(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    admin = await signIn(t.app, people.admin.email);
    gestor = await signIn(t.app, people.gestor.email);
    const asGestor = callerFor(people.gestor);
    const asAdmin = callerFor(people.admin);
    const create = (descricao: string) => t.services.integrations.create(asGestor, people.ug.id, { descricao, permissao: 'leitura' });
    kept = (await create('Folha de pagamento')).integration;
    deleted = (await create('Sistema antigo de compras')).integration;
    await t.services.integrationsAdmin.patch(asAdmin, kept.id, { descricao: 'Folha de pagamento — Fornecedor X' });
    await t.services.integrations.delete(asGestor, people.ug.id, deleted.id);
  });
  after(() => t.close());

  /** The row of an action about one target (its client id, its e-mail, …). */
  const row = (rows: string[], ...parts: string[]) => rows.find((r) => parts.every((part) => r.includes(part))) ?? '';

  for (const [page, path] of [
    ["the UG's Auditoria", () => `/unidades-gestoras/${people.ug.id}/auditoria`],
    ['Administração → Auditoria', () => `/admin/auditoria?ug=${people.ug.codigo}`],
  ] as const) {
    it(`on ${page}: a key by its current descrição and client id, a deleted one by what its event recorded, a user and a UG by name`, async () => {
      const agent = page === 'Administração → Auditoria' ? admin : gestor;
      const html = (await agent.get(path()).expect(200)).text;
      const rows = rowsOf(html);
      // Created as "Folha de pagamento", renamed since: every event of the key names it as it is called now.
      const renamed = `Integração “Folha de pagamento — Fornecedor X” ${kept.clientId}`;
      expect(row(rows, 'Integração criada', kept.clientId)).to.include(renamed);
      expect(row(rows, 'Integração alterada', kept.clientId)).to.include(renamed);
      const gone = `Integração “Sistema antigo de compras” (excluída) ${deleted.clientId}`;
      expect(row(rows, 'Integração excluída', deleted.clientId)).to.include(gone);
      expect(row(rows, 'Integração criada', deleted.clientId)).to.include(gone);
      expect(row(rows, 'Membro adicionado')).to.include(`Usuário Membro Bruno ${people.member.email}`);
      expect(row(rows, 'Gestor alterado')).to.include(`Usuário Gestora Ana ${people.gestor.email}`);
      expect(row(rows, 'Unidade gestora cadastrada')).to.include(`Unidade gestora ${people.ug.codigo} ${people.ug.nome}`);
      expect(html).not.to.match(/Integração \d+|Usuário \d+|Unidade gestora \d+\b/);
    });
  }

  it('carries the named target in the CSV export, in a column after the existing ones', async () => {
    const res = await admin.get(`/admin/auditoria/exportar?ug=${people.ug.codigo}`).buffer(true).expect(200);
    const targets = csvTargets(res.text);
    expect(targets).to.deep.include(['integration.updated', `Integração “Folha de pagamento — Fornecedor X” (${kept.clientId})`]);
    expect(targets).to.deep.include(['integration.deleted', `Integração “Sistema antigo de compras” (excluída) (${deleted.clientId})`]);
    expect(targets).to.deep.include(['ug.member_added', `Usuário Membro Bruno (${people.member.email})`]);
    expect(targets).to.deep.include(['ug.created', `Unidade gestora ${people.ug.codigo} (${people.ug.nome})`]);
  });
});
