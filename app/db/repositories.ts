import type { Db } from './knex.ts';
import { AdmissoesRepository } from '../atos-pessoal/admissoes.repository.ts';
import { ConcessoesRepository } from '../atos-pessoal/concessoes.repository.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { ContratacoesRepository } from '../contratacoes/contratacoes.repository.ts';
import { IdempotencyRepository } from '../idempotency/idempotency.repository.ts';
import { IntegrationsAdminRepository } from '../integrations/integrations-admin.repository.ts';
import { IntegrationsRepository } from '../integrations/integrations.repository.ts';
import { RemessasRepository } from '../remessas/remessas.repository.ts';
import { RevocationsRepository } from '../oauth/revocations.repository.ts';
import { SigningKeysRepository } from '../oauth/signing-keys.repository.ts';
import { ResponsaveisRepository } from '../responsaveis/responsaveis.repository.ts';
import { SessionsRepository } from '../sessions/sessions.repository.ts';
import { SettingsRepository } from '../settings/settings.repository.ts';
import { UgsAdminRepository } from '../ugs/ugs-admin.repository.ts';
import { UgsRepository } from '../ugs/ugs.repository.ts';
import { UsersRepository } from '../users/users.repository.ts';

export interface Repositories {
  admissoes: AdmissoesRepository;
  audit: AuditRepository;
  concessoes: ConcessoesRepository;
  contratacoes: ContratacoesRepository;
  idempotency: IdempotencyRepository;
  integrations: IntegrationsRepository;
  integrationsAdmin: IntegrationsAdminRepository;
  responsaveis: ResponsaveisRepository;
  remessas: RemessasRepository;
  revocations: RevocationsRepository;
  signingKeys: SigningKeysRepository;
  sessions: SessionsRepository;
  settings: SettingsRepository;
  ugs: UgsRepository;
  ugsAdmin: UgsAdminRepository;
  users: UsersRepository;
}

export function createRepositories(db: Db): Repositories {
  return {
    admissoes: new AdmissoesRepository(db),
    audit: new AuditRepository(db),
    concessoes: new ConcessoesRepository(db),
    contratacoes: new ContratacoesRepository(db),
    idempotency: new IdempotencyRepository(db),
    integrations: new IntegrationsRepository(db),
    integrationsAdmin: new IntegrationsAdminRepository(db),
    responsaveis: new ResponsaveisRepository(db),
    remessas: new RemessasRepository(db),
    revocations: new RevocationsRepository(db),
    signingKeys: new SigningKeysRepository(db),
    sessions: new SessionsRepository(db),
    settings: new SettingsRepository(db),
    ugs: new UgsRepository(db),
    ugsAdmin: new UgsAdminRepository(db),
    users: new UsersRepository(db),
  };
}

/** Repositories over the database, plus a way to run several writes atomically. */
export class Store {
  readonly repos: Repositories;

  constructor(private readonly db: Db) {
    this.repos = createRepositories(db);
  }

  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => work(createRepositories(trx)));
  }
}
