import { AdmissoesService, ConcessoesService } from './atos-pessoal/atos-pessoal.service.ts';
import { AuditLogService } from './audit/audit-log.service.ts';
import { ContratacoesService } from './contratacoes/contratacoes.service.ts';
import { DemoService } from './demo/demo.service.ts';
import type { Db } from './db/knex.ts';
import { createRepositories, Store } from './db/repositories.ts';
import { AdminIntegrationsService } from './integrations/integrations-admin.service.ts';
import { IntegrationsService } from './integrations/integrations.service.ts';
import { LastUseRecorder } from './integrations/last-use-recorder.ts';
import { createLimits, type Limits } from './limits/limits.ts';
import { KeyEncryption } from './oauth/key-encryption.ts';
import { RemessasService } from './remessas/remessas.service.ts';
import { SigningKeysService } from './oauth/signing-keys.service.ts';
import { REVOCATION_POLL_MS, RevocationCache } from './oauth/revocation-cache.ts';
import { RevocationsRepository } from './oauth/revocations.repository.ts';
import { ResponsaveisService } from './responsaveis/responsaveis.service.ts';
import type { ServerSecrets } from './settings/server-secrets.ts';
import { DatabaseSessionStore } from './sessions/database-store.ts';
import { SessionsRepository } from './sessions/sessions.repository.ts';
import { SetupService } from './users/setup.service.ts';
import { UgsAdminService } from './ugs/ugs-admin.service.ts';
import { UgsService } from './ugs/ugs.service.ts';
import { UsersService } from './users/users.service.ts';
import { UsersAdminService } from './users/users-admin.service.ts';
import { PasswordLinkService } from './users/password-link.service.ts';

export interface Services {
  store: Store;
  /** Failed-authentication and sign-in counters, shared by every process and instance. */
  limits: Limits;
  users: UsersService;
  ugs: UgsService;
  ugsAdmin: UgsAdminService;
  integrations: IntegrationsService;
  adminIntegrations: AdminIntegrationsService;
  adminUsers: UsersAdminService;
  passwordLinks: PasswordLinkService;
  responsaveis: ResponsaveisService;
  setup: SetupService;
  audit: AuditLogService;
  signingKeys: SigningKeysService;
  contratacoes: ContratacoesService;
  remessas: RemessasService;
  admissoes: AdmissoesService;
  concessoes: ConcessoesService;
  demo: DemoService;
  /** This process's copy of recent credential revocations; the app starts and stops its poll. */
  revocations: RevocationCache;
  /** The keys' "último uso", written in batches; the app starts and stops its timer. */
  lastUse: LastUseRecorder;
  /** The portal's sessions (express-session's store); the app prunes it. */
  sessions: DatabaseSessionStore;
}

/** The one wiring place: the portal, the API and the CLI all get their services from here. */
export function createServices(db: Db, secrets: ServerSecrets, options: { tokenTtlSeconds: number }): Services {
  const store = new Store(db);
  const repos = createRepositories(db);
  const limits = createLimits(db);
  const users = new UsersService({ db, users: repos.users, audit: repos.audit, limits });
  const ugs = new UgsService({ db, ugs: repos.ugs, users: repos.users, audit: repos.audit });
  const integrations = new IntegrationsService(store, ugs, secrets.secretPepper);
  // A replaced signing key stays published, and a revocation is kept, until every token issued before it has expired
  // (plus a minute of clock skew).
  const tokenLifetimeMs = (options.tokenTtlSeconds + 60) * 1000;
  return {
    store,
    limits,
    users,
    ugs,
    integrations,
    adminIntegrations: new AdminIntegrationsService(store, integrations),
    adminUsers: new UsersAdminService({ db, users: repos.users, sessions: repos.sessions, audit: repos.audit, usersService: users }),
    passwordLinks: new PasswordLinkService({ db, users: repos.users, sessions: repos.sessions, audit: repos.audit }),
    ugsAdmin: new UgsAdminService({ db, ugs: repos.ugs, ugsAdmin: repos.ugsAdmin, audit: repos.audit, revocations: repos.revocations }, ugs, integrations),
    responsaveis: new ResponsaveisService({ ugs: repos.ugs, responsaveis: repos.responsaveis }),
    setup: new SetupService({ settings: repos.settings, usersService: users }),
    audit: new AuditLogService({ audit: repos.audit, ugsService: ugs }),
    signingKeys: new SigningKeysService(repos.signingKeys, new KeyEncryption(secrets.secretPepper), tokenLifetimeMs),
    contratacoes: new ContratacoesService({ db, contratacoes: repos.contratacoes, idempotency: repos.idempotency, audit: repos.audit }),
    remessas: new RemessasService({ remessas: repos.remessas }),
    admissoes: new AdmissoesService({ admissoes: repos.admissoes }),
    concessoes: new ConcessoesService({ concessoes: repos.concessoes }),
    demo: new DemoService(store, ugs, users),
    revocations: new RevocationCache(new RevocationsRepository(db), tokenLifetimeMs, REVOCATION_POLL_MS),
    lastUse: new LastUseRecorder(db),
    sessions: new DatabaseSessionStore(new SessionsRepository(db)),
  };
}
