import { expect } from 'chai';
import { captureLog } from '../support/log-capture.ts';
import { AuditRepository } from '../../app/audit/audit.repository.ts';
import { createDb, type Db } from '../../app/db/knex.ts';
import { cleanupJobs, type Retention } from '../../app/housekeeping/cleanup-jobs.ts';
import { Housekeeping } from '../../app/housekeeping/housekeeping.ts';
import { IdempotencyRepository } from '../../app/idempotency/idempotency.repository.ts';
import { LIMITS_TABLE } from '../../app/limits/limiter.ts';
import { LimitsRepository } from '../../app/limits/limits.repository.ts';
import { AvisosRepository } from '../../app/notifications/avisos.repository.ts';
import { RevocationCache } from '../../app/oauth/revocation-cache.ts';
import { RevocationsRepository } from '../../app/oauth/revocations.repository.ts';
import { SessionsRepository } from '../../app/sessions/sessions.repository.ts';
import { UsageRepository } from '../../app/usage/usage.repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createTestServices } from '../support/services.ts';
import { cliCaller } from '../../app/caller.ts';
import { ContratacoesRepository } from '../../app/contratacoes/contratacoes.repository.ts';
import { contratacaoData } from '../support/data.ts';
import { cnpjFrom, createUg, createUser } from '../support/fixtures.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The instant every run below takes as "now": the rows are placed around it, nothing waits. */
const NOW = new Date('2026-12-01T12:00:00Z');
const at = (msBefore: number) => new Date(NOW.getTime() - msBefore);

/** What TOKEN_TTL_SECONDS=600 gives (app/services.ts): the cache's horizon (600 + 60 s) plus two token lifetimes. */
const REVOCATIONS_KEPT_MS = (600 + 60) * 1000 + 2 * 600 * 1000;

/** The log lines of a run so far, as the fields these tests compare. */
function capturingLogger() {
  const capture = captureLog('info');
  return {
    logger: capture.logger,
    lines: () => capture.entries() as Array<{ level: number; msg: string; table?: string; deleted?: number }>,
  };
}

function housekeepingOn(db: Db, retention: Partial<Retention> = {}, batchSize?: number): Housekeeping {
  const repos = {
    sessions: new SessionsRepository(db),
    idempotency: new IdempotencyRepository(db),
    revocations: new RevocationsRepository(db),
    limits: new LimitsRepository(db),
    audit: new AuditRepository(db),
    usage: new UsageRepository(db),
    avisos: new AvisosRepository(db),
  };
  return new Housekeeping(cleanupJobs(repos, { revocationsMs: REVOCATIONS_KEPT_MS, auditDays: undefined, ...retention }), batchSize);
}

describe('scheduled clean-up: each table loses exactly its expired rows', () => {
  let database: TestDatabase;
  let db: Db;
  let sessions: SessionsRepository;

  beforeEach(async () => {
    database = await createTestDatabase();
    db = database.db;
    sessions = new SessionsRepository(db);
  });
  afterEach(() => database.destroy());

  const run = (housekeeping = housekeepingOn(db)) => housekeeping.run(capturingLogger().logger, NOW);
  const rowCount = async (table: string) => Number((await db(table).count({ n: '*' }).first())?.n);

  it('sessions: those expired by now go, the others stay', async () => {
    await sessions.upsert('expirada-ha-uma-hora', '{}', null, at(HOUR));
    await sessions.upsert('expira-agora', '{}', null, NOW);
    await sessions.upsert('ainda-valida', '{}', 7, at(-MINUTE));
    expect((await run()).sessions).to.equal(2);
    expect(await db('sessions').pluck('user_id')).to.deep.equal([7]);
    expect(await sessions.find('ainda-valida', NOW)).to.equal('{}');
  });

  it('idempotency keys: those older than their 24 hours go, younger ones still answer', async () => {
    const idempotency = new IdempotencyRepository(db);
    const record = (key: string) => ({ clientKey: 'cid_x', idempotencyKey: key, fingerprint: 'f'.repeat(64), response: '{}' });
    await idempotency.insert(record('velha'), at(DAY + 1));
    await idempotency.insert(record('quase'), at(DAY - MINUTE));
    await idempotency.insert(record('nova'), at(0));
    expect((await run()).idempotency_keys).to.equal(1);
    expect((await db('idempotency_keys').orderBy('idempotency_key').pluck('idempotency_key')).sort()).to.deep.equal(['nova', 'quase']);
  });

  it('revocation entries: kept for the horizon processes read back plus two token lifetimes, then removed', async () => {
    const revocations = new RevocationsRepository(db);
    await revocations.insert('cid_velha', null, at(REVOCATIONS_KEPT_MS + 1));
    await revocations.insert('cid_limite', null, at(REVOCATIONS_KEPT_MS - 1));
    await revocations.insert('cid_recente', 5, at(MINUTE));
    expect((await run()).credential_revocations).to.equal(1);
    expect((await db('credential_revocations').pluck('client_id')).sort()).to.deep.equal(['cid_limite', 'cid_recente']);
  });

  it('revocation entries: a process reading the log misses no entry written after old ones were removed', async () => {
    const revocations = new RevocationsRepository(db);
    const cache = new RevocationCache(revocations, (600 + 60) * 1000, 10 * MINUTE);
    const old = await revocations.insert('cid_antiga', null, new Date(Date.now() - 2 * HOUR));
    await cache.ready();
    // Every entry goes, the last id included: the next one must still get a higher id and be read.
    expect(await housekeepingOn(db).run(capturingLogger().logger)).to.include({ credential_revocations: 1 });
    const recent = await revocations.insert('cid_nova', null);
    expect(recent.id).to.be.greaterThan(old.id);
    await cache.refresh();
    expect(cache.isRevoked('cid_nova', 1)).to.equal(true);
    const starting = new RevocationCache(revocations, (600 + 60) * 1000, 10 * MINUTE);
    await starting.ready();
    expect(starting.isRevoked('cid_nova', 1)).to.equal(true);
  });

  it('limit counters: those whose window ended over 5 minutes ago go, current and just-ended ones stay', async () => {
    const now = NOW.getTime();
    await db(LIMITS_TABLE).insert([
      { key: 'signin-pair:velho', points: 5, expire: now - 6 * MINUTE },
      { key: 'signin-pair:recente', points: 5, expire: now - 4 * MINUTE },
      { key: 'client-pair:atual', points: 9, expire: now + MINUTE },
    ]);
    expect((await run()).auth_limits).to.equal(1);
    expect((await db(LIMITS_TABLE).pluck('key')).sort()).to.deep.equal(['client-pair:atual', 'signin-pair:recente']);
  });

  it('audit events: kept for ever by default; with a retention of N days, those older go', async () => {
    const audit = new AuditRepository(db);
    const event = (action: string) => ({
      action,
      actorUserId: null,
      actorClientId: null,
      actorNome: 'cidades (linha de comando)',
      ugId: null,
      targetType: null,
      targetId: null,
      ip: null,
      details: null,
    });
    await audit.insert(event('decada'), at(3650 * DAY));
    await audit.insert(event('mes-e-um-dia'), at(31 * DAY));
    await audit.insert(event('ontem'), at(DAY));
    expect(await run()).not.to.have.property('audit_events');
    expect(await rowCount('audit_events')).to.equal(3);
    expect((await run(housekeepingOn(db, { auditDays: 30 }))).audit_events).to.equal(2);
    expect(await db('audit_events').pluck('action')).to.deep.equal(['ontem']);
  });

  it("usage of keys: the 90 days up to today (in the Tribunal's time zone) stay, older days go", async () => {
    const { services } = await createTestServices({ database });
    const ug = await services.ugs.create({ codigo: 'USO90', nome: 'UG', cnpj: cnpjFrom(90) }, cliCaller);
    const { integration } = await services.integrations.create(cliCaller, ug.id, { descricao: 'chave', permissao: 'leitura' });
    // NOW is 09:00 on 2026-12-01 in São Paulo: its 90 days start on 2026-09-03.
    const usage = new UsageRepository(db);
    const day = (dia: string) => ({ clientId: integration.clientId, dia, medida: 'api' as const, motivo: '', n: 1 });
    await usage.add(['2026-08-01', '2026-09-02', '2026-09-03', '2026-12-01'].map(day));
    expect((await run()).uso_integracoes).to.equal(2);
    expect(await db('uso_integracoes').orderBy('dia').pluck('dia')).to.deep.equal(['2026-09-03', '2026-12-01']);
  });

  it('avisos: dismissed over 30 days ago, or recorded over 180 days ago, go; the others stay', async () => {
    const { services } = await createTestServices({ database });
    const ug = await createUg(services, { codigo: 'AVISOS' });
    const user = await createUser(services);
    const { integration } = await services.integrations.create(cliCaller, ug.id, { descricao: 'chave', permissao: 'leitura' });
    const avisos = new AvisosRepository(db);
    const data = {
      ugCodigo: 'AVISOS',
      ugNome: 'UG',
      descricao: 'chave',
      clientId: integration.clientId,
      secretHint: 'cds_Ant1…',
      validUntil: NOW.toISOString(),
      lastUsedAt: NOW.toISOString(),
      lastUsedIp: null,
    };
    let events = 0;
    const notice = async (label: string, created: number, dismissed: number | null) => {
      events += 1;
      const eventAt = at(created + events);
      await avisos.record({ userId: user.id, ugId: ug.id, kind: 'grace_ended', integracaoId: integration.id, eventAt, data }, at(created));
      if (dismissed !== null)
        await db('avisos')
          .where({ event_at: eventAt })
          .update({ dismissed_at: at(dismissed), data: label });
      else await db('avisos').where({ event_at: eventAt }).update({ data: label });
    };
    await notice('dispensado-ha-31-dias', 40 * DAY, 31 * DAY);
    await notice('dispensado-ha-29-dias', 40 * DAY, 29 * DAY);
    await notice('de-181-dias', 181 * DAY, null);
    await notice('de-179-dias', 179 * DAY, null);
    expect((await run()).avisos).to.equal(2);
    expect(await db('avisos').orderBy('id').pluck('data')).to.deep.equal(['dispensado-ha-29-dias', 'de-179-dias']);
  });

  it('removes a backlog in batches, logs one line per table that lost rows, and nothing when there is nothing', async () => {
    for (let i = 0; i < 10; i++) await sessions.upsert(`expirada-${i}`, '{}', null, at(HOUR));
    await sessions.upsert('valida', '{}', null, at(-HOUR));
    await new IdempotencyRepository(db).insert(
      { clientKey: 'cid_x', idempotencyKey: 'k', fingerprint: 'f'.repeat(64), response: '{}' },
      at(2 * DAY),
    );
    const statements: string[] = [];
    const onQuery = (query: { sql: string }) => {
      if (/^delete from ["`]sessions["`]/.test(query.sql)) statements.push(query.sql);
    };
    db.on('query', onQuery);
    const { logger, lines } = capturingLogger();
    const deleted = await housekeepingOn(db, {}, 3).run(logger, NOW);
    db.off('query', onQuery);
    expect(deleted).to.deep.equal({
      sessions: 10,
      idempotency_keys: 1,
      credential_revocations: 0,
      auth_limits: 0,
      uso_integracoes: 0,
      avisos: 0,
    });
    // 3 + 3 + 3 + 1: the short batch ends the job.
    expect(statements).to.have.length(4);
    expect(lines().map(({ level, msg, table, deleted: n }) => ({ level, msg, table, deleted: n }))).to.deep.equal([
      { level: 30, msg: 'expired rows removed', table: 'sessions', deleted: 10 },
      { level: 30, msg: 'expired rows removed', table: 'idempotency_keys', deleted: 1 },
    ]);
    const again = capturingLogger();
    await housekeepingOn(db).run(again.logger, NOW);
    expect(again.lines()).to.deep.equal([]);
    expect(await rowCount('sessions')).to.equal(1);
  });

  it('two processes cleaning at once remove each expired row once, and neither fails', async () => {
    for (let i = 0; i < 50; i++) await sessions.upsert(`expirada-${i}`, '{}', null, at(HOUR));
    const other = createDb(database.url);
    try {
      const [mine, theirs] = await Promise.all([run(housekeepingOn(db, {}, 7)), run(housekeepingOn(other, {}, 7))]);
      expect((mine.sessions ?? 0) + (theirs.sessions ?? 0)).to.equal(50);
      expect(await rowCount('sessions')).to.equal(0);
    } finally {
      await other.destroy();
    }
  });

  it('is wired into the services with the configured audit retention', async () => {
    const plain = await createTestServices({ database });
    expect(plain.services.housekeeping.jobNames).to.deep.equal([
      'sessions',
      'idempotency_keys',
      'credential_revocations',
      'auth_limits',
      'uso_integracoes',
      'avisos',
    ]);
    const retained = await createTestServices({ database, env: { AUDIT_RETENTION_DAYS: '365' } });
    expect(retained.services.housekeeping.jobNames).to.include('audit_events');
  });

  it('SQLite: then takes the statistics of a table that has grown, so the planner weighs its indexes', async function () {
    // PostgreSQL's autovacuum takes them; nothing to do there.
    if (database.url.startsWith('postgres')) this.skip();
    const { services } = await createTestServices({ database });
    const author = { clientId: null, userId: null, nome: 'teste' };
    const ug = await services.ugs.create({ codigo: 'ESTAT', nome: 'UG', cnpj: cnpjFrom(9) }, cliCaller);
    const rows = Array.from({ length: 2000 }, (_, i) => ({
      ...contratacaoData({ numeroProcesso: `${i}/2025` }),
      ugId: ug.id,
      situacao: 'nao_ha_dados_homologados' as const,
      author,
    }));
    await new ContratacoesRepository(db).insertMany(rows);
    const analyzed = async () => {
      // sqlite_stat1 exists once something was analyzed.
      const exists = (await db('sqlite_master').where({ name: 'sqlite_stat1' }).first()) !== undefined;
      return exists ? ((await db('sqlite_stat1').where({ tbl: 'contratacoes' }).pluck('idx')) as string[]) : [];
    };
    expect(await analyzed()).to.deep.equal([]);
    await services.housekeeping.run(capturingLogger().logger, NOW);
    expect(await analyzed()).to.include.members(['contratacoes_ug_id_id_index', 'contratacoes_ug_id_ano_id_index']);
  });
});
