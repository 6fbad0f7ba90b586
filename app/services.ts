import { AdmissoesRepository } from './atos-pessoal/admissoes.repository.ts';
import { ConcessoesRepository } from './atos-pessoal/concessoes.repository.ts';
import { AuditRepository } from './audit/audit.repository.ts';
import { AuditTargetsRepository } from './audit/audit-targets.repository.ts';
import { ContratacoesRepository } from './contratacoes/contratacoes.repository.ts';
import { IdempotencyRepository } from './idempotency/idempotency.repository.ts';
import { IntegrationsAdminRepository } from './integrations/integrations-admin.repository.ts';
import { IntegrationsRepository } from './integrations/integrations.repository.ts';
import { TokenClientsRepository } from './oauth/token-clients.repository.ts';
import { TokenClientsService } from './oauth/token-clients.service.ts';
import { RemessasRepository } from './remessas/remessas.repository.ts';
import { ResponsaveisRepository } from './responsaveis/responsaveis.repository.ts';
import { SigningKeysRepository } from './oauth/signing-keys.repository.ts';
import { SettingsRepository } from './settings/settings.repository.ts';
import { UgsAdminRepository } from './ugs/ugs-admin.repository.ts';
import { UgsRepository } from './ugs/ugs.repository.ts';
import { UsersRepository } from './users/users.repository.ts';
import { AdmissoesService, ConcessoesService } from './atos-pessoal/atos-pessoal.service.ts';
import { AuditLogService } from './audit/audit-log.service.ts';
import { ContratacoesService } from './contratacoes/contratacoes.service.ts';
import { DemoService } from './demo/demo.service.ts';
import { DatabaseAvailability } from './db/availability.ts';
import type { Config } from './config.ts';
import type { Db } from './db/knex.ts';
import { cleanupJobs } from './housekeeping/cleanup-jobs.ts';
import { CLEANUP_BATCH_SIZE, Housekeeping } from './housekeeping/housekeeping.ts';
import { keepStatistics } from './db/statistics.ts';
import { IntegrationsAdminService } from './integrations/integrations-admin.service.ts';
import { IntegrationsService } from './integrations/integrations.service.ts';
import { LastUseRecorder } from './integrations/last-use-recorder.ts';
import { UsageCounter } from './usage/usage-counter.ts';
import { UsageRepository } from './usage/usage.repository.ts';
import { UsageService } from './usage/usage.service.ts';
import { createLimits, type Limits } from './limits/limits.ts';
import { KeyEncryption } from './oauth/key-encryption.ts';
import { RemessasService } from './remessas/remessas.service.ts';
import { SigningKeysService } from './oauth/signing-keys.service.ts';
import { RevocationAnnouncements } from './oauth/revocation-announcements.ts';
import { REVOCATION_POLL_MS, RevocationCache } from './oauth/revocation-cache.ts';
import { RevocationsRepository } from './oauth/revocations.repository.ts';
import { ResponsaveisService } from './responsaveis/responsaveis.service.ts';
import type { ServerSecrets } from './settings/server-secrets.ts';
import { DatabaseSessionStore } from './sessions/database-store.ts';
import { SessionsRepository } from './sessions/sessions.repository.ts';
import { SetupService } from './users/setup.service.ts';
import { UgsAdminService } from './ugs/ugs-admin.service.ts';
import { UgMembersService } from './ugs/ug-members.service.ts';
import { UgsService } from './ugs/ugs.service.ts';
import { UsersService } from './users/users.service.ts';
import { UsersAdminService } from './users/users-admin.service.ts';
import { PasswordLinkService } from './users/password-link.service.ts';
import { DatabaseHealthRepository } from './ops/database-health.repository.ts';
import { JobLeasesRepository } from './jobs/job-leases.repository.ts';
import { LeasedSchedule } from './jobs/leased-schedule.ts';
import { AvisosRepository } from './notifications/avisos.repository.ts';
import { AvisosService } from './notifications/avisos.service.ts';
import { createMailer } from './notifications/mailer.ts';
import { NoticesJob } from './notifications/notices.job.ts';
import { RenewalWarningsRepository } from './notifications/renewal-warnings.repository.ts';

export interface Services {
  /** Failed-authentication and sign-in counters, shared by every process and instance. */
  limits: Limits;
  users: UsersService;
  ugs: UgsService;
  ugsAdmin: UgsAdminService;
  ugMembers: UgMembersService;
  integrations: IntegrationsService;
  /** The keys as the token endpoint builds its clients from them. */
  tokenClients: TokenClientsService;
  integrationsAdmin: IntegrationsAdminService;
  usersAdmin: UsersAdminService;
  passwordLinks: PasswordLinkService;
  responsaveis: ResponsaveisService;
  setup: SetupService;
  auditLog: AuditLogService;
  signingKeys: SigningKeysService;
  contratacoes: ContratacoesService;
  remessas: RemessasService;
  admissoes: AdmissoesService;
  concessoes: ConcessoesService;
  demo: DemoService;
  /** Where the services announce the revocation log entries they wrote; the app (or the command line) listens. */
  revocationAnnouncements: RevocationAnnouncements;
  /** This process's copy of recent credential revocations; the app starts and stops its poll. */
  revocations: RevocationCache;
  /** The keys' "último uso", written in batches; the app starts and stops its timer. */
  lastUse: LastUseRecorder;
  /** Each key's tokens, API calls and refusals per day, written in batches; the app starts and stops its timer. */
  usageCounter: UsageCounter;
  /** A key's usage over the last days, for its page's chart. */
  usage: UsageService;
  /** The portal's sessions (express-session's store). */
  sessions: DatabaseSessionStore;
  /** The scheduled clean-up of expired sessions, idempotency keys, revocations, limits, old usage (and old audit events); the app starts and stops it. */
  housekeeping: Housekeeping;
  /** The signed-in user's notices (Avisos), in the portal. */
  avisos: AvisosService;
  /** The notices job (records notices, sends their e-mail), run once per instance group; the app starts and stops it. */
  notices: LeasedSchedule;
  /** Whether the database answers: outages answered 503 and logged once each; the app starts it. */
  availability: DatabaseAvailability;
  /** Whether the database answers, and how busy its pool is: for the readiness probe and the metrics. */
  databaseHealth: DatabaseHealthRepository;
}

/**
 * The one wiring place: the portal, the API and the CLI all get their services from here. Each repository is built once,
 * over the pool, and each service is handed exactly the repositories it uses (and `db` for its transactions): its
 * constructor is the list of what it touches.
 */
export type ServicesConfig = Pick<
  Config,
  'tokenTtlSeconds' | 'auditRetentionDays' | 'publicUrl' | 'smtpUrl' | 'mailFrom' | 'noticeJobIntervalMs'
>;

export function createServices(db: Db, secrets: ServerSecrets, options: ServicesConfig): Services {
  const repos = {
    admissoes: new AdmissoesRepository(db),
    audit: new AuditRepository(db),
    auditTargets: new AuditTargetsRepository(db),
    concessoes: new ConcessoesRepository(db),
    contratacoes: new ContratacoesRepository(db),
    idempotency: new IdempotencyRepository(db),
    integrations: new IntegrationsRepository(db),
    tokenClients: new TokenClientsRepository(db),
    integrationsAdmin: new IntegrationsAdminRepository(db),
    remessas: new RemessasRepository(db),
    responsaveis: new ResponsaveisRepository(db),
    revocations: new RevocationsRepository(db),
    sessions: new SessionsRepository(db),
    settings: new SettingsRepository(db),
    signingKeys: new SigningKeysRepository(db),
    ugs: new UgsRepository(db),
    usage: new UsageRepository(db),
    ugsAdmin: new UgsAdminRepository(db),
    users: new UsersRepository(db),
    avisos: new AvisosRepository(db),
  };
  const { audit, revocations } = repos;
  const limits = createLimits(db);
  const users = new UsersService({ db, users: repos.users, audit, limits });
  const ugs = new UgsService({ db, ugs: repos.ugs, users: repos.users, audit });
  const revocationAnnouncements = new RevocationAnnouncements();
  const ugsAdmin = new UgsAdminService({ db, ugs: repos.ugs, ugsAdmin: repos.ugsAdmin, audit, revocations, revocationAnnouncements }, ugs);
  const integrations = new IntegrationsService({
    db,
    integrations: repos.integrations,
    tokenClients: repos.tokenClients,
    revocations,
    revocationAnnouncements,
    audit,
    ugs,
    pepper: secrets.secretPepper,
  });
  // A replaced signing key stays published, and a revocation is kept, until every token issued before it has expired
  // (plus a minute of clock skew).
  const tokenLifetimeMs = (options.tokenTtlSeconds + 60) * 1000;
  // The log keeps an entry two token lifetimes longer than any process reads it back at start (the cache's horizon),
  // so a slow transaction or a skewed clock on another instance cannot see an entry deleted before it was read.
  const retention = { revocationsMs: tokenLifetimeMs + 2 * options.tokenTtlSeconds * 1000, auditDays: options.auditRetentionDays };
  const cleanup = {
    sessions: repos.sessions,
    idempotency: repos.idempotency,
    revocations,
    limits: limits.repository,
    audit,
    usage: repos.usage,
    avisos: repos.avisos,
  };
  const noticesJob = new NoticesJob({
    avisos: repos.avisos,
    renewalWarnings: new RenewalWarningsRepository(db),
    mailer: createMailer(options.smtpUrl, options.mailFrom),
    publicUrl: options.publicUrl,
  });
  const integrationsAdmin = new IntegrationsAdminService({
    db,
    integrations: repos.integrations,
    integrationsAdmin: repos.integrationsAdmin,
    revocations,
    audit,
    integrationsService: integrations,
    revocationAnnouncements,
  });
  const { contratacoes, remessas, admissoes, concessoes, responsaveis } = repos;
  return {
    limits,
    users,
    ugs,
    integrations,
    integrationsAdmin,
    usersAdmin: new UsersAdminService({ db, users: repos.users, sessions: repos.sessions, audit, usersService: users }),
    passwordLinks: new PasswordLinkService({ db, users: repos.users, sessions: repos.sessions, audit }),
    ugsAdmin,
    ugMembers: new UgMembersService({ db, ugs: repos.ugs, ugsAdmin: repos.ugsAdmin, audit, ugsAdminService: ugsAdmin }),
    responsaveis: new ResponsaveisService({ ugs: repos.ugs, responsaveis }),
    setup: new SetupService({ settings: repos.settings, usersService: users }),
    auditLog: new AuditLogService({ audit, targets: repos.auditTargets, ugsService: ugs }),
    signingKeys: new SigningKeysService(repos.signingKeys, new KeyEncryption(secrets.secretPepper), tokenLifetimeMs),
    contratacoes: new ContratacoesService({ db, contratacoes, idempotency: repos.idempotency, audit }),
    remessas: new RemessasService({ remessas }),
    admissoes: new AdmissoesService({ admissoes }),
    concessoes: new ConcessoesService({ concessoes }),
    demo: new DemoService({ db, ugRows: repos.ugs, records: { contratacoes, remessas, admissoes, concessoes, responsaveis }, ugs, users }),
    revocationAnnouncements,
    revocations: new RevocationCache(revocations, tokenLifetimeMs, REVOCATION_POLL_MS),
    tokenClients: new TokenClientsService({ tokenClients: repos.tokenClients }),
    lastUse: new LastUseRecorder(repos.tokenClients),
    usageCounter: new UsageCounter(repos.usage),
    usage: new UsageService({ usage: repos.usage, integrations, integrationsAdmin }),
    sessions: new DatabaseSessionStore(repos.sessions),
    housekeeping: new Housekeeping(cleanupJobs(cleanup, retention), CLEANUP_BATCH_SIZE, [
      { name: 'statistics', run: () => keepStatistics(db) },
    ]),
    avisos: new AvisosService({ avisos: repos.avisos }),
    notices: new LeasedSchedule(new JobLeasesRepository(db), noticesJob, options.noticeJobIntervalMs),
    availability: new DatabaseAvailability(db),
    databaseHealth: new DatabaseHealthRepository(db),
  };
}
