import { expect } from 'chai';
import { createLogger } from '../../app/logger.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { csrfFrom, signIn, visibleText, type Agent } from '../support/portal.ts';
import { setPreviousSecret } from '../support/rotation.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const logger = createLogger('silent');
const ago = (ms: number) => new Date(Date.now() - ms);

/** The landing page's Avisos section (empty without one). */
const avisosSection = (html: string) => /<section class="notice" aria-labelledby="avisos-titulo">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
/** The notices a page lists, newest first, by id. */
const avisoIds = (html: string) => [...html.matchAll(/<li data-aviso-id="(\d+)">/g)].map((m) => Number(m[1]));

async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('portal: Avisos on the landing page', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let gestor: Agent;

  beforeEach(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    gestor = await signIn(t.app, people.gestor.email);
  });
  afterEach(() => t.close());

  /** `n` keys whose grace just ended with the old secret used minutes before, and the job run: `n` notices. */
  async function noticesFor(n: number): Promise<Key[]> {
    const keys: Key[] = [];
    for (let i = 0; i < n; i += 1) {
      const key = await createKey(t.services, people.ug.id);
      await setPreviousSecret(t.database.db, key.id, { renewedAt: ago(2 * HOUR), validUntil: ago(MINUTE + i), usedAt: ago(2 * MINUTE) });
      keys.push(key);
    }
    await t.services.notices.tick(logger);
    return keys;
  }

  it('shows a notice in a region with a heading, as a list item with its key, its link and Dispensar', async () => {
    const [key] = await noticesFor(1);
    const res = await gestor.get('/unidades-gestoras').expect(200);
    const section = avisosSection(res.text);
    expect(section).to.include('<h2 id="avisos-titulo">Avisos</h2>').and.include('<ul class="avisos">');
    expect(section).to.include(`href="/unidades-gestoras/${people.ug.id}/integracoes/${key?.id}"`);
    expect(section).to.include('action="/avisos/').and.include('name="_csrf"');
    const text = visibleText(section);
    expect(text).to.include('O segredo anterior da integração “chave leitura” deixou de funcionar enquanto ainda era usado');
    expect(text).to.include(key?.clientId).and.include('cds_Ant1…').and.include('198.51.100.20').and.include('Dispensar');
    expect(res.text).to.not.include(key?.clientSecret);
    expect(section).to.not.include('Ver todos');
    await gestor.get(`/unidades-gestoras/${people.ug.id}/integracoes/${key?.id}`).expect(200);
  });

  it('shows no Avisos section to a user without notices', async () => {
    await noticesFor(1);
    const member = await signIn(t.app, people.member.email);
    expect(avisosSection((await member.get('/unidades-gestoras').expect(200)).text)).to.equal('');
  });

  it('many notices: the latest three, how many in all, and /avisos with every one, newest first', async () => {
    await noticesFor(5);
    const landing = (await gestor.get('/unidades-gestoras').expect(200)).text;
    const all = (await t.database.db('avisos').orderBy('id', 'desc').pluck('id')).map(Number);
    expect(avisoIds(avisosSection(landing))).to.deep.equal(all.slice(0, 3));
    expect(visibleText(avisosSection(landing))).to.include('Ver todos os 5 avisos');
    const page = (await gestor.get('/avisos').expect(200)).text;
    expect(avisoIds(page)).to.deep.equal(all);
    expect(visibleText(page)).to.include('5 avisos, do mais recente ao mais antigo');
  });

  it('Dispensar removes the notice and goes back; refused without CSRF (403) and for another user (404)', async () => {
    const [first, second] = await noticesFor(2).then(async () => (await t.database.db('avisos').orderBy('id').pluck('id')).map(Number));
    await gestor.post(`/avisos/${first}/dispensar`).type('form').send({ voltar: '/unidades-gestoras' }).expect(403);

    const outsider = await signIn(t.app, people.outsider.email);
    const outsiderCsrf = await csrfFrom(outsider, '/unidades-gestoras');
    await outsider.post(`/avisos/${first}/dispensar`).type('form').send({ _csrf: outsiderCsrf }).expect(404);
    expect(await t.database.db('avisos').whereNotNull('dismissed_at').pluck('id')).to.deep.equal([]);

    const _csrf = await csrfFrom(gestor, '/unidades-gestoras');
    await gestor
      .post(`/avisos/${first}/dispensar`)
      .type('form')
      .send({ _csrf, voltar: '/unidades-gestoras' })
      .expect(303)
      .expect('Location', '/unidades-gestoras');
    const after = await gestor.get('/unidades-gestoras').expect(200);
    expect(visibleText(after.text)).to.include('Aviso dispensado.');
    expect(avisoIds(avisosSection(after.text))).to.deep.equal([second]);
    await gestor.post(`/avisos/${first}/dispensar`).type('form').send({ _csrf }).expect(404);
    await gestor
      .post(`/avisos/${second}/dispensar`)
      .type('form')
      .send({ _csrf, voltar: 'https://example.com/' })
      .expect(303)
      .expect('Location', '/avisos');
    expect(avisosSection((await gestor.get('/unidades-gestoras').expect(200)).text)).to.equal('');
  });
});

describe('the notices job on two app instances on one database', () => {
  let smtp: TestSmtp;
  let database: TestDatabase;
  const apps: TestApp[] = [];

  before(async () => {
    smtp = await startSmtpServer();
    database = await createTestDatabase();
  });
  after(async () => {
    for (const app of apps) await app.close();
    await database.destroy();
    await smtp.stop();
  });

  it('both running their schedule: each notice e-mailed exactly once; after the holder stops, the other takes over', async () => {
    const env = { SMTP_URL: smtp.url, NOTICE_JOB_INTERVAL_MS: '100' };
    const [first, second] = await Promise.all([createTestApp({ env, database }), createTestApp({ env, database })]);
    apps.push(first, second);
    const people = await createUgWithPeople(first.services);
    const key = await createKey(first.services, people.ug.id);
    await setPreviousSecret(first.database.db, key.id, { renewedAt: ago(2 * HOUR), validUntil: ago(MINUTE), usedAt: ago(2 * MINUTE) });
    await until(() => smtp.messages.length > 0);
    // Many more ticks of both instances: nothing more is sent.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(smtp.messages).to.have.length(1);

    const holder = (await first.database.db('job_leases').where({ name: 'notices' }).first<{ holder: string }>()).holder;
    const [stopping, staying] = first.services.notices.holder === holder ? [first, second] : [second, first];
    await stopping.close();
    apps.splice(apps.indexOf(stopping), 1);
    const next = await createKey(staying.services, people.ug.id);
    await setPreviousSecret(staying.database.db, next.id, { renewedAt: ago(2 * HOUR), validUntil: ago(MINUTE), usedAt: ago(2 * MINUTE) });
    await until(() => smtp.messages.length > 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(smtp.messages).to.have.length(2);
    expect(await staying.database.db('job_leases').pluck('holder')).to.deep.equal([staying.services.notices.holder]);
  });
});
