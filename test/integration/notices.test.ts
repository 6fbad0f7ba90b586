import { expect } from 'chai';
import { createLogger } from '../../app/logger.ts';
import { AvisosRepository } from '../../app/notifications/avisos.repository.ts';
import { NoticesJob } from '../../app/notifications/notices.job.ts';
import { RenewalWarningsRepository } from '../../app/notifications/renewal-warnings.repository.ts';
import type { Services } from '../../app/services.ts';
import { createUg, createUgWithPeople } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';
import { setPreviousSecret } from '../support/rotation.ts';
import { createTestServices, type TestServices } from '../support/services.ts';
import { startSmtpServer, type TestSmtp } from '../support/smtp.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const PUBLIC_URL = 'http://127.0.0.1:3000';
const logger = createLogger('silent');
const ago = (ms: number) => new Date(Date.now() - ms);

describe('the notices job: a grace that ended while the old secret was still used warns the gestor, once', () => {
  let smtp: TestSmtp;
  let t: TestServices;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let key: Key;

  before(async () => {
    smtp = await startSmtpServer();
  });
  after(() => smtp.stop());

  beforeEach(async () => {
    smtp.messages.length = 0;
    t = await createTestServices({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'CidadES <avisos@tce.exemplo.gov.br>' } });
    people = await createUgWithPeople(t.services);
    key = await createKey(t.services, people.ug.id);
  });
  afterEach(() => t.close());

  const avisos = () => t.database.db('avisos').orderBy('id').select('*');
  /** A renewal with a 1-hour grace that ended `endedAgo`, the old secret last used `usedBefore` its end. */
  const graceEnded = (k: Key, endedAgo: number, usedBefore: number | null) =>
    setPreviousSecret(t.database.db, k.id, {
      renewedAt: ago(endedAgo + HOUR),
      validUntil: ago(endedAgo),
      usedAt: usedBefore === null ? null : ago(endedAgo + usedBefore),
      usedIp: '::ffff:198.51.100.20',
    });

  it('a grace ended with the old secret used in its last hour: one portal notice and one e-mail, never again', async () => {
    await graceEnded(key, 2 * MINUTE, 10 * MINUTE);
    expect(await t.services.notices.tick(logger)).to.equal(true);
    expect(await t.services.notices.tick(logger)).to.equal(true);

    const rows = await avisos();
    expect(rows).to.have.length(1);
    expect(rows[0]).to.include({ user_id: people.gestor.id, ug_id: people.ug.id, integracao_id: key.id, kind: 'grace_ended' });
    expect(rows[0].emailed_to).to.equal(people.gestor.email);
    expect(rows[0].emailed_at).to.not.equal(null);

    expect(smtp.messages).to.have.length(1);
    const [mail] = smtp.messages;
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.text : '').to.equal(people.gestor.email);
    expect(mail?.from?.value).to.deep.equal([{ name: 'CidadES', address: 'avisos@tce.exemplo.gov.br' }]);
    expect(mail?.subject).to.equal(
      '[CidadES] O segredo anterior da integração “chave leitura” deixou de funcionar enquanto ainda era usado',
    );
    const link = `${PUBLIC_URL}/unidades-gestoras/${people.ug.id}/integracoes/${key.id}`;
    for (const body of [mail?.text ?? '', String(mail?.html)]) {
      expect(body).to.include(key.clientId).and.include('cds_Ant1…').and.include('198.51.100.20').and.include(link);
      expect(body).to.include(people.ug.codigo).and.include('chave leitura');
      expect(body).to.not.include(key.clientSecret).and.not.include('::ffff:');
    }
    expect(mail?.text).to.include(`Olá, ${people.gestor.nome}.`);
  });

  it('no notice when the old secret was last used more than an hour before the end, or never', async () => {
    const other = await createKey(t.services, people.ug.id);
    await graceEnded(key, 2 * MINUTE, HOUR + MINUTE);
    await graceEnded(other, 2 * MINUTE, null);
    await t.services.notices.tick(logger);
    expect(await avisos()).to.deep.equal([]);
    expect(smtp.messages).to.deep.equal([]);
  });

  it('no notice for a renewal without a grace, a grace not yet ended, one ended days ago, a UG without a gestor, a blocked key', async () => {
    const noGrace = await createKey(t.services, people.ug.id);
    const stillOn = await createKey(t.services, people.ug.id);
    const longAgo = await createKey(t.services, people.ug.id);
    const orphanUg = await createUg(t.services);
    const orphan = await createKey(t.services, orphanUg.id);
    const at = ago(2 * MINUTE);
    await setPreviousSecret(t.database.db, noGrace.id, { renewedAt: at, validUntil: at, usedAt: ago(3 * MINUTE) });
    await setPreviousSecret(t.database.db, stillOn.id, { renewedAt: ago(HOUR), validUntil: ago(-HOUR), usedAt: ago(MINUTE) });
    await graceEnded(longAgo, 4 * DAY, MINUTE);
    await graceEnded(orphan, 2 * MINUTE, MINUTE);
    const blocked = await createKey(t.services, people.ug.id);
    await graceEnded(blocked, 2 * MINUTE, MINUTE);
    await t.database.db('integracoes').where({ id: blocked.id }).update({ bloqueada: true, bloqueio_motivo: 'Teste' });
    await t.services.notices.tick(logger);
    expect(await avisos()).to.deep.equal([]);
    expect(smtp.messages).to.deep.equal([]);
  });

  it('SMTP down: the notice is kept, its e-mail tried again at later runs and sent once when the server is back', async () => {
    await graceEnded(key, 2 * MINUTE, MINUTE);
    await smtp.stop();
    try {
      await t.services.notices.tick(logger);
      await t.services.notices.tick(logger);
      const [row] = await avisos();
      expect(row).to.include({ integracao_id: key.id, emailed_at: null, emailed_to: null });
    } finally {
      await smtp.start();
    }
    await t.services.notices.tick(logger);
    await t.services.notices.tick(logger);
    expect(smtp.messages).to.have.length(1);
    expect((await avisos())[0].emailed_to).to.equal(people.gestor.email);
  });

  it('two instances running the job at once on the same database: one notice, one e-mail', async () => {
    const second = await createTestServices({ database: t.database, env: { SMTP_URL: smtp.url } });
    const keys = [key, await createKey(t.services, people.ug.id), await createKey(t.services, people.ug.id)];
    for (const k of keys) await graceEnded(k, 2 * MINUTE, MINUTE);
    const instances: Services[] = [t.services, second.services];
    for (let round = 0; round < 3; round += 1) await Promise.all(instances.map((s) => s.notices.tick(logger)));
    expect(await avisos()).to.have.length(3);
    expect(smtp.messages).to.have.length(3);
    expect(new Set(smtp.messages.map((m) => m.text)).size).to.equal(3);
    await second.services.notices.stop();
    await second.close();
  });

  it('two runs at once without the lease still record one notice per event (the unique key)', async () => {
    const job = new NoticesJob({
      avisos: new AvisosRepository(t.database.db),
      renewalWarnings: new RenewalWarningsRepository(t.database.db),
      mailer: undefined,
      publicUrl: PUBLIC_URL,
    });
    await graceEnded(key, 2 * MINUTE, MINUTE);
    const run = { now: new Date(), logger, stillHeld: async () => true };
    await Promise.all([job.run(run), job.run(run), job.run(run)]);
    expect(await avisos()).to.have.length(1);
  });

  it('without SMTP_URL the notice is recorded for the portal and no e-mail is attempted', async () => {
    const portalOnly = await createTestServices({ database: t.database });
    await graceEnded(key, 2 * MINUTE, MINUTE);
    await portalOnly.services.notices.tick(logger);
    const [row] = await avisos();
    expect(row).to.include({ integracao_id: key.id, emailed_at: null });
    expect(smtp.messages).to.deep.equal([]);
    await portalOnly.services.notices.stop();
  });
});
