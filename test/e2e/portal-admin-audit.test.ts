import { expect } from 'chai';
import request from 'supertest';
import { AuditRepository } from '../../app/audit/audit.repository.ts';
import { auditActions, auditEvent } from '../../app/audit/audit-events.ts';
import { EXPORT_BATCH_SIZE } from '../../app/audit/audit-log.service.ts';
import { COUNT_LIMIT } from '../../app/db/page.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { csrfOf, expectWalked, signIn, visibleText, walkPages, type Agent } from '../support/portal.ts';

const BASE = '/admin/auditoria';

/** RFC 4180 with `;` between cells, written here independently of the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const endCell = () => {
    row.push(cell);
    cell = '';
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    const pair = text.slice(i, i + 2);
    if (quoted && pair === '""') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted || (c !== ';' && pair !== '\r\n')) {
      cell += c;
    } else {
      endCell();
      if (c === '\r') {
        rows.push(row);
        row = [];
        i += 1;
      }
    }
  }
  return rows;
}

/** The file a browser saves: the raw bytes, not a string supertest decoded. */
async function download(agent: Agent, path: string) {
  const res = await agent
    .get(path)
    .buffer(true)
    .parse((response, done) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { res, bytes: res.body as Buffer };
}

const rowIds = (html: string) => [...html.matchAll(/data-event-id="(\d+)"/g)].map((m) => Number(m[1]));

describe('portal: Administração → Auditoria (Sys Admin)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let admin: Agent;
  let key: Key;
  let audit: AuditRepository;

  before(async () => {
    t = await createTestApp();
    audit = new AuditRepository(t.database.db);
    people = await createUgWithPeople(t.services);
    admin = await signIn(t.app, people.admin.email);
    key = await createKey(t.services, people.ug.id, 'escrita');
  });
  after(() => t.close());

  /** Blocks the key through the Integrações admin pages, as a person would. */
  async function blockInPortal(motivo: string) {
    const path = `/admin/integracoes/${key.id}/bloquear`;
    const page = await admin.get(path).expect(200);
    await admin
      .post(path)
      .type('form')
      .send({ _csrf: csrfOf(page.text), motivo })
      .expect(303);
    const unblock = await admin.get(`/admin/integracoes/${key.id}/desbloquear`).expect(200);
    await admin
      .post(`/admin/integracoes/${key.id}/desbloquear`)
      .type('form')
      .send({ _csrf: csrfOf(unblock.text) })
      .expect(303);
  }

  it('is in the menu and lists every event newest first: when, action, who, UG, target, IP and details', async () => {
    await blockInPortal('Segredo exposto');
    const home = await admin.get('/unidades-gestoras').expect(200);
    expect(home.text).to.include(`href="${BASE}"`);
    const page = await admin.get(BASE).expect(200);
    const text = visibleText(page.text);
    const rows = page.text.split('<tr data-event-id=').slice(1).map(visibleText);
    expect(rows[0])
      .to.include('Integração desbloqueada')
      .and.include(people.admin.nome)
      .and.include(people.admin.email)
      .and.include(people.ug.codigo)
      .and.include(`Integração “chave escrita” ${key.clientId}`);
    expect(rows[1])
      .to.include('Integração bloqueada')
      .and.include(`Client id: ${key.clientId} Motivo: Segredo exposto`)
      .and.include('127.0.0.1');
    expect(text).to.include('Entrada no portal').and.include('Usuário cadastrado').and.include('cidades (linha de comando)');
    const ids = rowIds(page.text);
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
  });

  it('filters by UG código, user e-mail or client id, action and period', async () => {
    const other = await createUg(t.services, { nome: 'Câmara Beta' });
    await audit.insert(
      auditEvent(
        { userId: null, clientId: key.clientId, nome: `Integração ${key.clientId}`, isAdmin: false, ip: null, scope: null },
        auditActions.contratacaoCreated,
        { ugId: other.id },
      ),
    );
    // What follows the filter form: the count and the rows (the form's own select lists every action's label).
    const only = async (query: string) => visibleText((await admin.get(`${BASE}?${query}`).expect(200)).text.split('</form>').at(-1) ?? '');
    expect(await only(`ug=${other.codigo}&usuario=&acao=&de=&ate=`))
      .to.include('Unidade gestora cadastrada')
      .and.include('Contratação cadastrada')
      .and.include('2 eventos');
    expect(await only(`usuario=${key.clientId}`))
      .to.include('Contratação cadastrada')
      .and.include('1 evento,');
    expect(await only(`usuario=${people.admin.email.toUpperCase()}`))
      .to.include('Entrada no portal')
      .and.include('Integração bloqueada')
      .and.not.include('Usuário cadastrado');
    const byAction = await only('acao=integration.blocked');
    expect(byAction).to.include('Integração bloqueada').and.include('1 evento,').and.not.include('Integração desbloqueada');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    expect(await only(`de=${today}&ate=${today}&acao=integration.blocked`)).to.include('1 evento,');
    expect(await only('ate=2020-01-01')).to.include('Nenhum evento encontrado.');
    const selected = await admin.get(`${BASE}?acao=integration.blocked`).expect(200);
    expect(selected.text).to.include('<option value="integration.blocked" selected>Integração bloqueada</option>');
  });

  it('shows bad filters next to their fields, keeping what was typed', async () => {
    const backwards = await admin.get(`${BASE}?de=2026-11-24&ate=2026-11-01&ug=UGX`).expect(422);
    expect(backwards.text)
      .to.include('id="erro-ate">A data final deve ser igual ou posterior à data inicial.')
      .and.include('value="2026-11-01"')
      .and.include('value="UGX"');
    expect(backwards.text).to.include('aria-describedby="erro-ate"').and.not.include('Exportar CSV');
    expect(visibleText(backwards.text)).to.include('Verifique os filtros destacados.').and.include('Nenhum evento encontrado.');
    expect((await admin.get(`${BASE}?de=2026-02-30`).expect(422)).text).to.include('id="erro-de">Informe uma data válida (dia/mês/ano).');
    expect((await admin.get(`${BASE}?acao=tudo`).expect(422)).text).to.include('id="erro-acao">Escolha uma das ações da lista.');
    expect((await admin.get(`${BASE}?ug=a%20b`).expect(422)).text).to.include('id="erro-ug">Use apenas letras');
    expect((await admin.get(`${BASE}?usuario=${'a'.repeat(255)}`).expect(422)).text).to.include(
      'id="erro-usuario">Informe o e-mail de um usuário',
    );
    expect(visibleText((await admin.get(`${BASE}?apos=x`).expect(422)).text)).to.include('Página inválida.');
    expect(visibleText((await admin.get(`${BASE}?acao=auth.logout&antes=x`).expect(422)).text)).to.include('Página inválida.');
    expect(visibleText((await admin.get(`${BASE}?apos=1&antes=2`).expect(422)).text)).to.include('Página inválida.');
    for (const position of ['apos=x', 'apos=99999999999', 'apos=1&apos=2', 'antes=x', 'antes=-1', 'apos=1&antes=2']) {
      // A UG's Auditoria: the error under the UG's header, over an empty list, with the link to the first page.
      const ugAudit = await admin.get(`/unidades-gestoras/${people.ug.id}/auditoria?${position}`).expect(422);
      expect(ugAudit.text, position)
        .to.include('<p class="form-error" role="alert">Página inválida.</p>')
        .and.include(`href="/unidades-gestoras/${people.ug.id}/auditoria">« Primeira página`)
        .and.not.include('<table');
      expect(visibleText(ugAudit.text), position).to.include(people.ug.nome).and.not.include('Nenhum evento registrado');
    }
    await admin.get('/unidades-gestoras/999999/auditoria?apos=x').expect(404);
    expect((await admin.get(`${BASE}/exportar?ate=2026-13-01`).expect(422)).text).to.include('id="erro-ate">Informe uma data válida');
  });

  it('pages 25 at a time, newest first, to the last page and back with Anterior, numbered, keeping the filters', async () => {
    for (let i = 0; i < 60; i += 1)
      await audit.insert(
        auditEvent({ userId: null, clientId: null, nome: 'lote', isAdmin: true, ip: null, scope: null }, auditActions.logout),
      );
    const before = await admin.get(`${BASE}?acao=auth.logout`).expect(200);
    const logouts = Number(/(\d+) eventos/.exec(visibleText(before.text))?.[1]);
    const walk = await walkPages(admin, `${BASE}?acao=auth.logout`, rowIds);
    const all = walk.forward.flatMap((p) => p.rows);
    expect(logouts).to.be.at.least(60);
    expect(new Set(all).size).to.equal(logouts);
    expect(all).to.deep.equal([...all].sort((a, b) => b - a));
    expectWalked(walk, Math.ceil(logouts / 25), all);
    expect(walk.forward[1]?.url).to.match(/^\/admin\/auditoria\?ug=&usuario=&acao=auth.logout&de=&ate=&apos=\d+$/);
    expect(walk.backward[1]?.url).to.match(/^\/admin\/auditoria\?ug=&usuario=&acao=auth.logout&de=&ate=&antes=\d+$/);
    const second = (await admin.get(String(walk.forward[1]?.url)).expect(200)).text;
    expect(second).to.include('href="/admin/auditoria?ug=&amp;usuario=&amp;acao=auth.logout&amp;de=&amp;ate=">« Primeira página');
  });

  it("pages a UG's Auditoria 25 at a time, newest first, to the last page and back, numbered, only that UG's events", async () => {
    const other = await createUg(t.services);
    const lote = { userId: null, clientId: null, nome: 'lote', isAdmin: true, ip: null, scope: null };
    for (let i = 0; i < 60; i += 1)
      await audit.insert(auditEvent(lote, auditActions.logout, { ugId: i % 3 === 0 ? other.id : people.ug.id }));
    const ids = (await t.database.db('audit_events').where({ ug_id: people.ug.id }).orderBy('id', 'desc').select('id')).map(
      (r: { id: number | string }) => Number(r.id),
    );
    expect(ids.length).to.be.at.least(40);
    const ugAudit = `/unidades-gestoras/${people.ug.id}/auditoria`;
    const walk = await walkPages(admin, ugAudit, rowIds);
    expectWalked(walk, Math.ceil(ids.length / 25), ids);
    expect(walk.forward[1]?.url).to.match(new RegExp(`^${ugAudit}\\?apos=\\d+$`));
    expect(walk.backward[1]?.url).to.match(new RegExp(`^${ugAudit}\\?antes=\\d+$`));
  });

  it('exports the filtered events as CSV Excel opens: BOM, ; separators, quoting, formulas defused; the export is audited', async () => {
    await audit.insert(
      auditEvent(
        { userId: null, clientId: null, nome: '=HYPERLINK("http://mal")', isAdmin: true, ip: null, scope: null },
        auditActions.integrationBlocked,
        {
          ugId: people.ug.id,
          details: { motivo: 'tem ; e "aspas"\ne outra linha' },
        },
      ),
    );
    const page = await admin.get(`${BASE}?ug=${people.ug.codigo}&acao=integration.blocked`).expect(200);
    const link = /href="([^"]+)" download>Exportar CSV/.exec(page.text)?.[1]?.replace(/&amp;/g, '&');
    expect(link).to.equal(`${BASE}/exportar?ug=${people.ug.codigo}&usuario=&acao=integration.blocked&de=&ate=`);
    const { res, bytes } = await download(admin, String(link));
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).to.match(/^attachment; filename="auditoria-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['cache-control']).to.equal('no-store');
    expect([...bytes.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).to.deep.equal([
      'Data/hora (horário de Brasília)',
      'Ação',
      'Código da ação',
      'Quem',
      'UG',
      'Alvo',
      'IP',
      'Detalhes',
      'Alvo (nome)',
    ]);
    expect(rows.slice(1).map((r) => r[2])).to.deep.equal(['integration.blocked', 'integration.blocked']);
    const [crafted, blocked] = rows.slice(1);
    expect(crafted?.[0]).to.match(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/);
    expect(crafted?.[3]).to.equal('\'=HYPERLINK("http://mal")');
    expect(crafted?.[7]).to.equal('Motivo: tem ; e "aspas"\ne outra linha');
    expect(blocked).to.include(`${people.admin.nome} (${people.admin.email})`).and.include(people.ug.codigo);

    const audited = visibleText((await admin.get(`${BASE}?acao=audit.exported`).expect(200)).text);
    expect(audited)
      .to.include('Auditoria exportada (CSV)')
      .and.include(`UG: ${people.ug.codigo} Ação: integration.blocked`)
      .and.include(people.admin.nome);
  });

  it('streams an export larger than one batch whole, each event once, newest first', async () => {
    const row = {
      action: 'auth.logout',
      actor_user_id: null,
      actor_client_id: null,
      actor_nome: 'lote grande',
      ug_id: null,
      target_type: null,
      target_id: null,
      ip: null,
      details: null,
    };
    const rows = Array.from({ length: EXPORT_BATCH_SIZE * 2 + 7 }, (_, i) => ({
      ...row,
      created_at: new Date(Date.UTC(2025, 0, 1, 12, 0, i)),
    }));
    for (let i = 0; i < rows.length; i += 100) await t.database.db('audit_events').insert(rows.slice(i, i + 100));
    const { bytes } = await download(admin, `${BASE}/exportar?de=2025-01-01&ate=2025-01-01`);
    const lines = parseCsv(bytes.toString('utf8').slice(1)).slice(1);
    expect(lines).to.have.length(rows.length);
    expect(lines.every((l) => l[3] === 'lote grande')).to.equal(true);
    expect(lines[0]?.[0]).to.equal('01/01/2025 09:16:46');
    expect(lines.at(-1)?.[0]).to.equal('01/01/2025 09:00:00');
  });

  it('says "mais de 10.000 eventos" past the count’s limit, instead of counting every event', async () => {
    const event = { action: 'auth.logout', actor_user_id: null, actor_client_id: null, actor_nome: 'muitos', ug_id: null };
    const rows = Array.from({ length: COUNT_LIMIT + 1 }, (_, i) => ({ ...event, created_at: new Date(Date.UTC(2024, 0, 1, 12, 0, 0, i)) }));
    for (let i = 0; i < rows.length; i += 500) await t.database.db('audit_events').insert(rows.slice(i, i + 500));
    const text = visibleText((await admin.get(`${BASE}?de=2024-01-01&ate=2024-01-01`).expect(200)).text);
    expect(text).to.include('mais de 10.000 eventos, do mais recente ao mais antigo');
  });

  for (const role of ['gestor', 'member', 'outsider'] as const) {
    it(`refuses a ${role} the page and the export (403), and hides the menu entry`, async () => {
      const agent = await signIn(t.app, people[role].email);
      await agent.get(BASE).expect(403);
      await agent.get(`${BASE}/exportar`).expect(403);
      expect((await agent.get('/unidades-gestoras').expect(200)).text).not.to.include(`href="${BASE}"`);
    });
  }

  it('sends an anonymous visitor to the login page', async () => {
    for (const path of [BASE, `${BASE}/exportar`]) {
      const res = await request(t.app).get(path).expect(303);
      expect(res.headers.location).to.equal(`/login?next=${encodeURIComponent(path)}`);
    }
  });
});
