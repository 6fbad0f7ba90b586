import { expect } from 'chai';
import request from 'supertest';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { accessToken, createKey, type Key } from '../support/oauth.ts';
import { csrfOf, signIn, type Agent } from '../support/portal.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface OpenApiDocument {
  paths: Record<string, Partial<Record<Method, unknown>>>;
}

const MENU = ['/admin/unidades-gestoras', '/admin/usuarios', '/admin/integracoes', '/admin/auditoria'];
const MAX_PAGES = 80;

/** Every /admin page a Sys Admin reaches by following links from the menu, and every form those pages post to. */
async function crawlAdminArea(admin: Agent): Promise<{ pages: string[]; forms: string[] }> {
  const pages = new Set<string>(MENU);
  const forms = new Set<string>();
  const queue = [...MENU];
  for (let url = queue.shift(); url !== undefined && pages.size <= MAX_PAGES; url = queue.shift()) {
    const res = await admin.get(url);
    expect(res.status, `the Sys Admin reaches ${url}`).to.equal(200);
    if (!res.type.includes('html')) continue;
    const html = res.text.replace(/&amp;/g, '&');
    for (const [, href] of html.matchAll(/href="(\/admin\/[^"#?]*)/g)) {
      // Without the query: later pages and other filters are the same route.
      const page = href as string;
      if (pages.has(page)) continue;
      pages.add(page);
      queue.push(page);
    }
    for (const [form] of html.matchAll(/<form[^>]*>/g)) {
      const action = /action="(\/admin\/[^"]*)"/.exec(form)?.[1];
      if (action && /method="post"/i.test(form)) forms.add(action);
    }
  }
  return { pages: [...pages], forms: [...forms] };
}

/** An OpenAPI path with its parameters filled with records that exist, so a refusal cannot be a 404 in disguise. */
function concrete(path: string, ids: Record<string, number>, userId: number): string {
  const collection = path.split('/')[3] ?? '';
  return path.replace('{id}', String(ids[collection])).replace('{userId}', String(userId));
}

describe('Administração: only a Sys Admin reaches it — every page, form and admin API operation', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let tribunal: Ug;
  let admin: Agent;
  let key: Key;
  let eventsBefore: number;

  before(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    tribunal = await createTribunal(t.services);
    key = await createKey(t.services, people.ug.id);
    admin = await signIn(t.app, people.admin.email);
  });
  after(() => t.close());

  const auditCount = async () => Number((await t.database.db('audit_events').count({ n: '*' }))[0]?.n);

  it('refuses a gestor, a member and an outsider every admin page (403) and every admin form (403), changing nothing', async () => {
    const { pages, forms } = await crawlAdminArea(admin);
    // The crawl must have found each area's pages and actions, or this test proves nothing.
    for (const area of MENU)
      expect(
        pages.filter((p) => p.startsWith(`${area}/`)),
        area,
      ).to.have.length.greaterThan(0);
    expect(forms.length).to.be.greaterThan(10);
    eventsBefore = await auditCount();
    for (const role of ['gestor', 'member', 'outsider'] as const) {
      const agent = await signIn(t.app, people[role].email);
      const _csrf = csrfOf((await agent.get('/unidades-gestoras').expect(200)).text);
      for (const page of pages) expect((await agent.get(page)).status, `${role} GET ${page}`).to.equal(403);
      for (const form of forms) {
        const res = await agent.post(form).type('form').send({ _csrf, motivo: 'x', email: people[role].email, nome: 'X', codigo: 'X' });
        expect(res.status, `${role} POST ${form}`).to.equal(403);
      }
      const home = await agent.get('/unidades-gestoras').expect(200);
      for (const area of MENU) expect(home.text, `${role} sees no link to ${area}`).not.to.include(`href="${area}"`);
    }
    // The three sign-ins are audited; nothing else may have happened.
    expect(await auditCount()).to.equal(eventsBefore + 3);
  });

  it('sends an anonymous visitor of any admin page to the sign-in page', async () => {
    const { pages } = await crawlAdminArea(admin);
    for (const page of pages) {
      const res = await request(t.app).get(page);
      expect(res.status, page).to.equal(303);
      expect(res.headers.location, page).to.equal(`/login?next=${encodeURIComponent(page)}`);
    }
  });

  it('refuses every /api/v1/admin operation of the OpenAPI document to keys without the admin scope (403) and to no token (401)', async () => {
    const document = (await request(t.app).get('/api/openapi.json').expect(200)).body as OpenApiDocument;
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/admin/'))
      .flatMap(([path, item]) => (Object.keys(item) as Method[]).map((method) => ({ method, path })));
    expect(operations.length).to.be.at.least(20);
    const tribunalKey = await createKey(t.services, tribunal.id, 'escrita');
    const tokens = {
      'read key': await accessToken(t.app, await createKey(t.services, people.ug.id, 'leitura')),
      'read-write key': await accessToken(t.app, await createKey(t.services, people.ug.id, 'escrita')),
      "the Tribunal's own key without admin": await accessToken(t.app, tribunalKey),
    };
    const { token: adminBearer } = await adminToken(t.app, t.services, tribunal);
    const ids = { 'unidades-gestoras': people.ug.id, usuarios: people.member.id, integracoes: key.id };
    eventsBefore = await auditCount();
    for (const { method, path } of operations) {
      const url = `/api${concrete(path, ids, people.member.id)}`;
      for (const [who, token] of Object.entries(tokens)) {
        const res = await request(t.app)[method](url).set('Authorization', `Bearer ${token}`).send({});
        expect(res.status, `${who}: ${method.toUpperCase()} ${url}`).to.equal(403);
        expect(res.body.code, `${who}: ${method.toUpperCase()} ${url}`).to.equal('INSUFFICIENT_SCOPE');
      }
      const anonymous = await request(t.app)[method](url).send({});
      expect(anonymous.status, `anonymous: ${method.toUpperCase()} ${url}`).to.equal(401);
      if (method === 'get') {
        const allowed = await request(t.app).get(url).set('Authorization', `Bearer ${adminBearer}`);
        expect(allowed.status, `admin key: GET ${url}`).to.equal(200);
      }
    }
    expect(await auditCount()).to.equal(eventsBefore);
  });
});
