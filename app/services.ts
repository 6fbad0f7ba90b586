import { AdmissoesService, ConcessoesService } from './atos-pessoal/atos-pessoal.service.ts';
import { AuditLogService } from './audit/audit-log.service.ts';
import { ContratacoesService } from './contratacoes/contratacoes.service.ts';
import type { Db } from './db/knex.ts';
import { createRepositories, Store } from './db/repositories.ts';
import { AdminIntegrationsService } from './integrations/integrations-admin.service.ts';
import { IntegrationsService } from './integrations/integrations.service.ts';
import { createLimits, type Limits } from './limits/limits.ts';
import { KeyEncryption } from './oauth/key-encryption.ts';
import { RemessasService } from './remessas/remessas.service.ts';
import { SigningKeysService } from './oauth/signing-keys.service.ts';
import { ResponsaveisService } from './responsaveis/responsaveis.service.ts';
import type { ServerSecrets } from './settings/server-secrets.ts';
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
}

/** The one wiring place: the portal, the API and the CLI all get their services from here. */
export function createServices(db: Db, secrets: ServerSecrets, options: { tokenTtlSeconds: number }): Services {
  const store = new Store(db);
  const repos = createRepositories(db);
  const limits = createLimits(db);
  const users = new UsersService(store, limits);
  const ugs = new UgsService(store);
  const integrations = new IntegrationsService({ db, integrations: repos.integrations, revocations: repos.revocations, audit: repos.audit, ugs, pepper: secrets.secretPepper });
  return {
    store,
    limits,
    users,
    ugs,
    integrations,
    adminIntegrations: new AdminIntegrationsService({ db, integrationsAdmin: repos.integrationsAdmin, revocations: repos.revocations, audit: repos.audit, integrations }),
    adminUsers: new UsersAdminService(store, users),
    passwordLinks: new PasswordLinkService(store),
    ugsAdmin: new UgsAdminService(store, ugs, integrations),
    responsaveis: new ResponsaveisService(store),
    setup: new SetupService(store, users),
    audit: new AuditLogService(store, ugs),
    // A replaced key stays published until every token it signed has expired (plus a minute of clock skew).
    signingKeys: new SigningKeysService(store.repos.signingKeys, new KeyEncryption(secrets.secretPepper), (options.tokenTtlSeconds + 60) * 1000),
    contratacoes: new ContratacoesService(store),
    remessas: new RemessasService(store),
    admissoes: new AdmissoesService(store),
    concessoes: new ConcessoesService(store),
  };
}
