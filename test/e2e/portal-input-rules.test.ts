import { expect } from 'chai';
import request from 'supertest';
import type { Services } from '../../app/services.ts';
import { cliCaller } from '../../app/caller.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { cnpjFrom, cpfFrom, createUgWithPeople, PASSWORD } from '../support/fixtures.ts';
import { csrfOf, signIn, visibleText, type Agent } from '../support/portal.ts';

/** One form or search with a control character in one field: the page answers `status`, the message next to `field`. */
interface Row {
  name: string;
  path: () => string;
  /** For a form: the page that shows it (its CSRF token) and what is submitted. */
  form?: { page: () => string; fields: () => Record<string, string> };
  field: string;
  status?: number;
}

const NUL = '\u0000';
const message = 'Não pode conter caracteres de controle.';

async function createKey(services: Services, ugId: number): Promise<number> {
  const { integration } = await services.integrationsAdmin.create(cliCaller, { ugId, descricao: 'Folha', permissao: 'leitura' });
  return integration.id;
}

describe('portal input rules: a control character in any form or search is shown next to its field (422), never a 500', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Agent;
  let keyId: number;

  before(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    keyId = await createKey(t.services, people.ug.id);
    admin = await signIn(t.app, people.admin.email);
  });
  after(() => t.close());

  const q = (path: string, name: string, value: string) => () => `${path}?${name}=${encodeURIComponent(value)}`;
  const ugPath = () => `/admin/unidades-gestoras/${people.ug.id}`;
  const user = () => ({ nome: 'Ana Nova', cpf: cpfFrom(902), email: 'ana.nova@example.com', isAdmin: 'nao' });
  const ug = () => ({ codigo: 'UGNOVA', nome: 'UG Nova', cnpj: cnpjFrom(902), agregadora: '' });

  const rows: Row[] = [
    { name: 'Usuários: busca', path: q('/admin/usuarios', 'q', `a${NUL}`), field: 'q' },
    { name: 'Unidades gestoras (admin): busca', path: q('/admin/unidades-gestoras', 'q', NUL), field: 'q' },
    { name: 'Integrações (admin): busca', path: q('/admin/integracoes', 'q', `a${NUL}`), field: 'q' },
    { name: 'Integrações (admin): UG', path: q('/admin/integracoes', 'ug', `X${NUL}`), field: 'ug' },
    { name: 'Auditoria: usuário', path: q('/admin/auditoria', 'usuario', `a${NUL}`), field: 'usuario' },
    { name: 'Auditoria: UG', path: q('/admin/auditoria', 'ug', `X${NUL}`), field: 'ug' },
    { name: 'Auditoria: exportar CSV', path: q('/admin/auditoria/exportar', 'usuario', `a${NUL}`), field: 'usuario' },
    { name: 'Unidades gestoras: busca', path: q('/unidades-gestoras', 'q', `a${NUL}`), field: 'q' },
    {
      name: 'Usuários: novo',
      path: () => '/admin/usuarios',
      form: { page: () => '/admin/usuarios/novo', fields: () => ({ ...user(), nome: `Ana${NUL}` }) },
      field: 'nome',
    },
    {
      name: 'Usuários: editar',
      path: () => `/admin/usuarios/${people.member.id}`,
      form: { page: () => `/admin/usuarios/${people.member.id}`, fields: () => ({ ...user(), email: `a${NUL}@example.com` }) },
      field: 'email',
    },
    {
      name: 'Unidades gestoras: nova',
      path: () => '/admin/unidades-gestoras',
      form: { page: () => '/admin/unidades-gestoras/nova', fields: () => ({ ...ug(), nome: `UG${NUL}` }) },
      field: 'nome',
    },
    {
      name: 'Unidades gestoras: editar',
      path: () => `${ugPath()}/editar`,
      form: { page: () => `${ugPath()}/editar`, fields: () => ({ ...ug(), agregadora: `X${NUL}` }) },
      field: 'agregadora',
    },
    {
      name: 'Membros: adicionar',
      path: () => `${ugPath()}/membros`,
      form: { page: () => `${ugPath()}/membros`, fields: () => ({ usuario: `a${NUL}@example.com`, papel: 'membro' }) },
      field: 'usuario',
    },
    {
      name: 'Integrações (admin): bloquear',
      path: () => `/admin/integracoes/${keyId}/bloquear`,
      form: { page: () => `/admin/integracoes/${keyId}/bloquear`, fields: () => ({ motivo: `Vazou${NUL}` }) },
      field: 'motivo',
    },
    {
      name: 'Integrações (gestor): adicionar',
      path: () => `/unidades-gestoras/${people.ug.id}/integracoes`,
      form: {
        page: () => `/unidades-gestoras/${people.ug.id}/integracoes/adicionar`,
        fields: () => ({ descricao: `Folha${NUL}`, permissao: 'leitura' }),
      },
      field: 'descricao',
    },
  ];

  for (const row of rows) {
    it(`${row.name} → ${row.status ?? 422} with the message next to ${row.field}`, async () => {
      let res;
      if (row.form) {
        const page = await admin.get(row.form.page()).expect(200);
        const fields = { ...hiddenFields(page.text), ...row.form.fields() };
        res = await admin.post(row.path()).type('form').send(fields);
      } else {
        res = await admin.get(row.path());
      }
      expect(res.status, visibleText(res.text)).to.equal(row.status ?? 422);
      expect(res.headers['content-type']).to.match(/^text\/html/);
      expect(errorOf(res.text, row.field), visibleText(res.text)).to.equal(message);
    });
  }

  it('sign-in: an e-mail with NUL is refused like a malformed one (401, the message next to it)', async () => {
    const agent = request.agent(t.app);
    const page = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), email: `${people.admin.email}${NUL}`, password: PASSWORD });
    expect(res.status, visibleText(res.text)).to.equal(401);
    // The sign-in form says its errors once, in the summary the field points to.
    expect(res.text).to.include(`<li id="resumo-email"><a href="#email">${message}</a></li>`);
    expect(res.text).to.include('aria-invalid="true" aria-describedby="resumo-email"');
  });

  it('a one-time link whose token has NUL names no link (404)', async () => {
    await request(t.app).get('/redefinir-senha/abc%00def').expect(404);
  });
});

/** A form's hidden fields (its CSRF token, the sealed credentials of a new key), as a browser submits them. */
function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const input of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1];
    if (name && value !== undefined) fields[name] = value;
  }
  return fields;
}

/** The message a page shows next to a field (views/partials/field-error.ejs). */
function errorOf(html: string, field: string): string | undefined {
  const match = new RegExp(`id="erro-${field}">([^<]*)<`).exec(html);
  return match?.[1] && visibleText(match[1]).trim();
}
