import type { AuditRepository } from '../audit/audit.repository.ts';
import { auditActions, auditEvent, type AuditAction } from '../audit/audit-events.ts';
import { requireSysAdmin, type Caller } from '../caller.ts';
import type { Db } from '../db/knex.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { IntegrationBlockedError, NotFoundError } from '../errors/app-error.ts';
import type { AdminIntegration, AdminIntegrationFilters, IntegrationsAdminRepository } from './integrations-admin.repository.ts';
import type { IntegrationChanges } from './integrations-admin.schemas.ts';
import { INTEGRATION_NOT_FOUND, type IntegrationsService, type RenewalOptions } from './integrations.service.ts';
import type { IntegrationsRepository } from './integrations.repository.ts';
import type { IntegrationCreateInput } from './integrations.schemas.ts';
import type { RevocationAnnouncements } from '../oauth/revocation-announcements.ts';
import type { Revocation, RevocationsRepository } from '../oauth/revocations.repository.ts';

const messages = {
  adminOnly: 'Somente administradores do sistema podem administrar as integrações de todas as unidades gestoras.',
  notFound: INTEGRATION_NOT_FOUND,
};

export interface AdminIntegrationWithSecret {
  integration: AdminIntegration;
  clientSecret: string;
}

type AdminRepositories = {
  integrations: IntegrationsRepository;
  integrationsAdmin: IntegrationsAdminRepository;
  revocations: RevocationsRepository;
  audit: AuditRepository;
};

/**
 * Every UG's keys, for Sys Admins (the portal's admin area and the admin API alike): list, create, edit, block,
 * unblock, renew, delete. Creation, renewal and deletion are the UG services' own, run as the Sys Admin. Each public
 * method guards and reads the key once; the private steps change the key they are given and return it as changed.
 */
export class IntegrationsAdminService {
  constructor(
    private readonly deps: {
      db: Db;
      integrationsAdmin: IntegrationsAdminRepository;
      revocations: RevocationsRepository;
      audit: AuditRepository;
      integrations: IntegrationsRepository;
      integrationsService: IntegrationsService;
      revocationAnnouncements: RevocationAnnouncements;
    },
  ) {}

  async list(caller: Caller, filters: AdminIntegrationFilters, page: PageRequest): Promise<Page<AdminIntegration>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.deps.integrationsAdmin.list(filters, page);
  }

  async find(caller: Caller, id: number): Promise<AdminIntegration> {
    requireSysAdmin(caller, messages.adminOnly);
    const found = await this.deps.integrationsAdmin.find(id);
    if (!found) throw new NotFoundError(messages.notFound);
    return found;
  }

  async create(caller: Caller, input: IntegrationCreateInput & { ugId: number; admin?: boolean }): Promise<AdminIntegrationWithSecret> {
    requireSysAdmin(caller, messages.adminOnly);
    const { integration, clientSecret } = await this.deps.integrationsService.create(caller, input.ugId, input);
    return { integration: await this.find(caller, integration.id), clientSecret };
  }

  /** Applies what the admin API's PATCH carries: fields, then block or unblock, then a new secret. */
  async patch(caller: Caller, id: number, changes: IntegrationChanges): Promise<{ integration: AdminIntegration; clientSecret?: string }> {
    let integration = await this.find(caller, id);
    // Refused before anything changes: a request that would block and renew must not half-apply.
    const blockedAfter = changes.bloqueada ?? integration.bloqueada;
    if (changes.renovarSegredo === true && blockedAfter) throw new IntegrationBlockedError();
    if (changes.descricao !== undefined || changes.permissao !== undefined)
      integration = await this.deps.integrationsService.editFound(caller, integration, {
        descricao: changes.descricao,
        permissao: changes.permissao,
      });
    // The schema requires a motivo with `bloqueada: true`.
    if (changes.bloqueada === true && changes.motivo !== undefined)
      integration = await this.blockFound(caller, integration, changes.motivo);
    if (changes.bloqueada === false) integration = await this.unblockFound(caller, integration);
    if (changes.encerrarCarencia === true)
      integration = (await this.deps.integrationsService.endGraceFound(caller, integration)).integration;
    if (changes.renovarSegredo !== true) return { integration };
    const graceSeconds = changes.carenciaSegundos ?? 0;
    return this.deps.integrationsService.renewFound(caller, integration, { ativa: integration.ugAtiva }, { graceSeconds });
  }

  /** Blocks a key: no token at once, its outstanding tokens refused within a revocation poll. Idempotent. */
  async block(caller: Caller, id: number, motivo: string): Promise<AdminIntegration> {
    return this.blockFound(caller, await this.find(caller, id), motivo);
  }

  /**
   * Unblocks a key with the same secret. The block's revocation (null) would refuse every token; a new entry that
   * accepts credential versions from now on, with the key's version moved to now, lets new tokens pass while those
   * issued before the block stay refused. Idempotent.
   */
  async unblock(caller: Caller, id: number): Promise<AdminIntegration> {
    return this.unblockFound(caller, await this.find(caller, id));
  }

  async renew(caller: Caller, id: number): Promise<AdminIntegrationWithSecret> {
    const integration = await this.find(caller, id);
    return this.deps.integrationsService.renewFound(caller, integration, { ativa: integration.ugAtiva });
  }

  /** A renewal of the secret a page showed (created at `expectedAt`): null when it was renewed meanwhile. */
  async renewIfCurrent(
    caller: Caller,
    id: number,
    options: RenewalOptions & { expectedAt: Date },
  ): Promise<AdminIntegrationWithSecret | null> {
    const integration = await this.find(caller, id);
    return this.deps.integrationsService.renewFoundIfCurrent(caller, integration, { ativa: integration.ugAtiva }, options);
  }

  async delete(caller: Caller, id: number): Promise<AdminIntegration> {
    return this.deps.integrationsService.deleteFound(caller, await this.find(caller, id));
  }

  private async blockFound(caller: Caller, integration: AdminIntegration, motivo: string): Promise<AdminIntegration> {
    if (integration.bloqueada) return integration;
    let graceEnded = false;
    await this.change(caller, integration, auditActions.integrationBlocked, { motivo }, async (repos, at) => {
      await repos.integrationsAdmin.block(integration.id, motivo, at);
      // Unblocking restores the current secret only: a previous one still in its grace ends with the block.
      graceEnded = await repos.integrations.endGrace(integration.id, at);
      return [await repos.revocations.insert(integration.clientId, null, at)];
    });
    const previousSecret =
      graceEnded && integration.previousSecret
        ? { ...integration.previousSecret, validUntil: new Date(), active: false }
        : integration.previousSecret;
    return { ...integration, bloqueada: true, bloqueioMotivo: motivo, previousSecret };
  }

  private async unblockFound(caller: Caller, integration: AdminIntegration): Promise<AdminIntegration> {
    if (!integration.bloqueada) return integration;
    await this.change(caller, integration, auditActions.integrationUnblocked, {}, async (repos, at) => {
      await repos.integrationsAdmin.unblock(integration.id, at);
      return [await repos.revocations.insert(integration.clientId, at.getTime(), at)];
    });
    return { ...integration, bloqueada: false, bloqueioMotivo: null };
  }

  /** One change in a transaction with its audit event; announced once committed, so token caches forget the key. */
  private async change(
    caller: Caller,
    integration: AdminIntegration,
    action: AuditAction,
    details: Record<string, unknown>,
    work: (repos: AdminRepositories, at: Date) => Promise<Revocation[]>,
  ): Promise<void> {
    const { db, integrations, integrationsAdmin, revocations, audit } = this.deps;
    const written = await inTransaction(db, { integrations, integrationsAdmin, revocations, audit }, async (repos) => {
      const written = await work(repos, new Date());
      const target = {
        ugId: integration.ugId,
        targetType: 'integracao',
        targetId: integration.id,
        details: { clientId: integration.clientId, ...details },
      };
      await repos.audit.insert(auditEvent(caller, action, target));
      return written;
    });
    await this.deps.revocationAnnouncements.announce(written);
  }
}
