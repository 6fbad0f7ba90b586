import { auditActions, auditEvent, type AuditAction } from '../audit/audit.service.ts';
import { requireSysAdmin, type Caller } from '../caller.ts';
import type { Page, PageRequest } from '../db/page.ts';
import type { Repositories, Store } from '../db/repositories.ts';
import { IntegrationBlockedError, NotFoundError } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import type { AdminIntegration, AdminIntegrationFilters } from './integrations-admin.repository.ts';
import { blockSchema, integrationChangesSchema } from './integrations-admin.schemas.ts';
import type { IntegrationsService } from './integrations.service.ts';
import type { Permissao } from './integrations.schemas.ts';
import type { Revocation } from '../oauth/revocations.repository.ts';

const messages = {
  adminOnly: 'Somente administradores do sistema podem administrar as integrações de todas as unidades gestoras.',
  notFound: 'Integração não encontrada.',
};

export interface AdminIntegrationWithSecret {
  integration: AdminIntegration;
  clientSecret: string;
}

/**
 * Every UG's keys, for Sys Admins (the portal's admin area and the admin API alike): list, create, edit, block,
 * unblock, renew, delete. Creation, renewal and deletion are the UG services' own, run as the Sys Admin.
 */
export class AdminIntegrationsService {
  constructor(
    private readonly store: Store,
    private readonly integrations: IntegrationsService,
  ) {}

  async list(caller: Caller, filters: AdminIntegrationFilters, page: PageRequest): Promise<Page<AdminIntegration>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.store.repos.integrationsAdmin.list(filters, page);
  }

  async find(caller: Caller, id: number): Promise<AdminIntegration> {
    requireSysAdmin(caller, messages.adminOnly);
    const found = Number.isSafeInteger(id) && id > 0 ? await this.store.repos.integrationsAdmin.find(id) : null;
    if (!found) throw new NotFoundError(messages.notFound);
    return found;
  }

  async create(caller: Caller, input: { ugId: number; descricao: string; permissao: string; admin?: boolean }): Promise<AdminIntegrationWithSecret> {
    requireSysAdmin(caller, messages.adminOnly);
    const { integration, clientSecret } = await this.integrations.create(caller, input.ugId, input);
    return { integration: await this.find(caller, integration.id), clientSecret };
  }

  /** Applies what the admin API's PATCH carries: fields, then block or unblock, then a new secret. */
  async apply(caller: Caller, id: number, input: unknown): Promise<{ integration: AdminIntegration; clientSecret?: string }> {
    const changes = parseInput(integrationChangesSchema, input);
    let integration = await this.find(caller, id);
    // Refused before anything changes: a request that would block and renew must not half-apply.
    const blockedAfter = changes.bloqueada ?? integration.bloqueada;
    if (changes.renovarSegredo === true && blockedAfter) throw new IntegrationBlockedError();
    if (changes.descricao !== undefined || changes.permissao !== undefined) integration = await this.update(caller, integration, { descricao: changes.descricao, permissao: changes.permissao });
    if (changes.bloqueada === true) integration = await this.block(caller, id, changes.motivo);
    if (changes.bloqueada === false) integration = await this.unblock(caller, id);
    if (changes.renovarSegredo !== true) return { integration };
    return this.renew(caller, id);
  }

  /** Blocks a key: no token at once, its outstanding tokens refused within a revocation poll. Idempotent. */
  async block(caller: Caller, id: number, motivo: unknown): Promise<AdminIntegration> {
    const integration = await this.find(caller, id);
    const { motivo: reason } = parseInput(blockSchema, { motivo });
    if (integration.bloqueada) return integration;
    return this.change(caller, integration, auditActions.integrationBlocked, { motivo: reason }, async (repos, at) => {
      await repos.integrationsAdmin.block(id, reason, at);
      return [await repos.revocations.insert(integration.clientId, null, at)];
    });
  }

  /**
   * Unblocks a key with the same secret. The block's revocation (null) would refuse every token; a new entry that
   * accepts credential versions from now on, with the key's version moved to now, lets new tokens pass while those
   * issued before the block stay refused. Idempotent.
   */
  async unblock(caller: Caller, id: number): Promise<AdminIntegration> {
    const integration = await this.find(caller, id);
    if (!integration.bloqueada) return integration;
    return this.change(caller, integration, auditActions.integrationUnblocked, {}, async (repos, at) => {
      await repos.integrationsAdmin.unblock(id, at);
      return [await repos.revocations.insert(integration.clientId, at.getTime(), at)];
    });
  }

  async renew(caller: Caller, id: number): Promise<AdminIntegrationWithSecret> {
    const integration = await this.find(caller, id);
    const { clientSecret } = await this.integrations.renew(caller, integration.ugId, id);
    return { integration: await this.find(caller, id), clientSecret };
  }

  async delete(caller: Caller, id: number): Promise<AdminIntegration> {
    const integration = await this.find(caller, id);
    await this.integrations.delete(caller, integration.ugId, id);
    return integration;
  }

  private update(caller: Caller, integration: AdminIntegration, changes: { descricao?: string; permissao?: Permissao }): Promise<AdminIntegration> {
    return this.change(caller, integration, auditActions.integrationUpdated, changes, async (repos) => {
      await repos.integrationsAdmin.update(integration.id, changes);
      return [];
    });
  }

  /** One change in a transaction with its audit event; announced once committed, so token caches forget the key. */
  private async change(
    caller: Caller,
    integration: AdminIntegration,
    action: AuditAction,
    details: Record<string, unknown>,
    work: (repos: Repositories, at: Date) => Promise<Revocation[]>,
  ): Promise<AdminIntegration> {
    const revocations = await this.store.transaction(async (repos) => {
      const written = await work(repos, new Date());
      const target = { ugId: integration.ugId, targetType: 'integracao', targetId: integration.id, details: { clientId: integration.clientId, ...details } };
      await repos.audit.insert(auditEvent(caller, action, target));
      return written;
    });
    await this.integrations.revoked(revocations);
    return this.find(caller, integration.id);
  }
}
