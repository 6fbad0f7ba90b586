import { auditActions, auditEvent } from '../audit/audit-events.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { Caller } from '../caller.ts';
import type { Db } from '../db/knex.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { ForbiddenError, IntegrationBlockedError, NotFoundError, UgInactiveError, ValidationError } from '../errors/app-error.ts';
import type { UgAccess, UgsService } from '../ugs/ugs.service.ts';
import { generateClientId, generateSecret, hashSecret, safeEqual, secretHint } from './credentials.ts';
import type { RevocationAnnouncements } from '../oauth/revocation-announcements.ts';
import type { RevocationsRepository } from '../oauth/revocations.repository.ts';
import type { Integration, IntegrationsRepository, RenewalDue } from './integrations.repository.ts';
import type { IntegrationCreateInput } from './integrations.schemas.ts';

/** What a key id answers that names no key the caller may see (the portal's path ids too). */
export const INTEGRATION_NOT_FOUND = 'Integração não encontrada.';

const messages = {
  notFound: INTEGRATION_NOT_FOUND,
  adminScope: 'Somente administradores do sistema podem criar integrações com o escopo admin, e somente na unidade gestora do Tribunal.',
  gestorOnly: 'Somente o gestor da unidade gestora e os administradores do sistema podem gerenciar as integrações.',
  badDraft: 'As credenciais desta integração expiraram. Clique em Adicionar novamente.',
};

/** Client id and secret generated for a key; the secret exists in plain text only here, to be shown once. */
export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export interface IntegrationWithSecret {
  integration: Integration;
  clientSecret: string;
}

/** How many keys the new gestor's notice names; the rest are a link away (the list of those keys only). */
export const RENEWAL_NOTICE_SIZE = 10;

/** The keys whose secret predates the current gestor's term: the newest few, and how many in all (bounded). */
export type RenewalNotice = Pick<Page<Integration>, 'items' | 'totalCount' | 'totalCountExact'>;

/** One page of a UG's keys, newest first. */
export interface IntegrationsPage extends Page<Integration> {
  access: UgAccess;
  /**
   * Shown to the current gestor on the UG's full list, with a recommendation to renew: null for anyone else, on the
   * list of those keys only (`secretBeforeGestor`), or when there are none.
   */
  renewalNotice: RenewalNotice | null;
}

/** A UG's list of keys: all of them, or only those whose secret predates the current gestor's term. */
export interface IntegrationsFilter {
  secretBeforeGestor?: boolean;
}

export class IntegrationsService {
  constructor(
    private readonly deps: {
      db: Db;
      integrations: IntegrationsRepository;
      revocations: RevocationsRepository;
      revocationAnnouncements: RevocationAnnouncements;
      audit: AuditRepository;
      ugs: UgsService;
      pepper: string;
    },
  ) {}

  async list(caller: Caller, ugId: number, page: PageRequest, filter: IntegrationsFilter = {}): Promise<IntegrationsPage> {
    const access = await this.deps.ugs.access(caller, ugId);
    const { integrations } = this.deps;
    // Without a gestor no key predates the term: the filtered list is empty.
    const gestorSince = access.gestor?.inicio ?? new Date(0);
    const noticed = access.isGestor && !filter.secretBeforeGestor;
    const [keys, notice] = await Promise.all([
      integrations.pageByUg(access.ug.id, page, filter.secretBeforeGestor ? gestorSince : undefined),
      noticed ? integrations.pageByUg(access.ug.id, { limit: RENEWAL_NOTICE_SIZE }, gestorSince) : null,
    ]);
    const renewalNotice =
      notice && notice.totalCount > 0
        ? { items: notice.items, totalCount: notice.totalCount, totalCountExact: notice.totalCountExact }
        : null;
    return { access, ...keys, renewalNotice };
  }

  /** Every key of the UG, newest first (the command line's list). */
  async listAll(caller: Caller, ugId: number): Promise<Integration[]> {
    const access = await this.deps.ugs.access(caller, ugId);
    return this.deps.integrations.listByUg(access.ug.id);
  }

  /** The UGs whose keys the caller, as their new gestor, should renew (the notice where they land after sign-in). */
  async renewalDue(caller: Caller): Promise<RenewalDue[]> {
    return caller.userId === null ? [] : this.deps.integrations.renewalDue(caller.userId);
  }

  /**
   * Credentials for a key about to be added (the portal shows them with the form, as the source documents describe).
   * Nothing is stored yet; the seal lets `create` check that the credentials saved are the ones generated here.
   */
  async draft(caller: Caller, ugId: number): Promise<{ access: UgAccess; credentials: Credentials; seal: string }> {
    const access = activeUg(await this.manageable(caller, ugId));
    const credentials = { clientId: generateClientId(), clientSecret: generateSecret() };
    return { access, credentials, seal: this.seal(access.ug.id, credentials) };
  }

  /** Adds a key with fresh credentials, or with a draft's (checked against its seal). */
  async create(
    caller: Caller,
    ugId: number,
    data: IntegrationCreateInput & { admin?: boolean },
    draft?: Credentials & { seal: string },
  ): Promise<IntegrationWithSecret> {
    const access = activeUg(await this.manageable(caller, ugId));
    // The `admin` scope administers every UG: a gestor can never grant it, and only the Tribunal's own keys hold it.
    if (data.admin && !(caller.isAdmin && access.ug.tribunal)) throw new ForbiddenError(messages.adminScope);
    const credentials = draft ?? { clientId: generateClientId(), clientSecret: generateSecret() };
    if (draft && !safeEqual(draft.seal, this.seal(access.ug.id, draft)))
      throw new ValidationError({ _: messages.badDraft }, messages.badDraft);
    const { db, integrations, audit } = this.deps;
    const integration = await inTransaction(db, { integrations, audit }, async (repos) => {
      const id = await repos.integrations.insert({
        ugId: access.ug.id,
        clientId: credentials.clientId,
        descricao: data.descricao,
        permissao: data.permissao,
        secretHash: hashSecret(this.deps.pepper, credentials.clientSecret),
        secretHint: secretHint(credentials.clientSecret),
        createdByUserId: caller.userId,
        createdByNome: caller.nome,
        admin: data.admin ?? false,
      });
      await repos.audit.insert(
        auditEvent(caller, auditActions.integrationCreated, {
          ugId: access.ug.id,
          targetType: 'integracao',
          targetId: id,
          details: { clientId: credentials.clientId, descricao: data.descricao, permissao: data.permissao, admin: data.admin ?? false },
        }),
      );
      return (await repos.integrations.findById(id)) as Integration;
    });
    return { integration, clientSecret: credentials.clientSecret };
  }

  /** A key of the UG that the caller may manage, or NotFound / Forbidden. */
  async find(caller: Caller, ugId: number, integrationId: number): Promise<{ access: UgAccess; integration: Integration }> {
    const access = await this.manageable(caller, ugId);
    const integration = await this.deps.integrations.findById(integrationId);
    if (!integration || integration.ugId !== access.ug.id) throw new NotFoundError(messages.notFound);
    return { access, integration };
  }

  /** The UG of a key known only by its id (the command line's `rotate ID`), or NotFound. */
  async ugIdOf(integrationId: number): Promise<number> {
    const integration = await this.deps.integrations.findById(integrationId);
    if (!integration) throw new NotFoundError(messages.notFound);
    return integration.ugId;
  }

  /** Replaces the secret: the old one stops working at once. */
  async renew(caller: Caller, ugId: number, integrationId: number): Promise<IntegrationWithSecret & { access: UgAccess }> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    return { access, ...(await this.renewFound(caller, integration, access.ug)) };
  }

  /**
   * The renewal of a key its caller has already found with the right to manage it (`find`, or the Sys Admin's
   * `IntegrationsAdminService.find`), given its UG's situação: nothing is read again. Returns the key as renewed.
   */
  async renewFound<I extends Integration>(
    caller: Caller,
    integration: I,
    ug: { ativa: boolean },
  ): Promise<{ integration: I; clientSecret: string }> {
    const renewed = await this.renewFoundIfCurrent(caller, integration, ug);
    // Without an expected time only a key deleted meanwhile is left unrenewed.
    if (!renewed) throw new NotFoundError(messages.notFound);
    return renewed;
  }

  /**
   * A renewal of the secret a page showed (created at `expectedAt`): null, with nothing written, when it was renewed
   * meanwhile — the form sent again (a reload, a double click), so one confirmation renews once.
   */
  async renewIfCurrent(
    caller: Caller,
    ugId: number,
    integrationId: number,
    expectedAt: Date,
  ): Promise<(IntegrationWithSecret & { access: UgAccess }) | null> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    const renewed = await this.renewFoundIfCurrent(caller, integration, access.ug, expectedAt);
    return renewed && { access, ...renewed };
  }

  /** `renewFound`, or with `expectedAt` only the secret of that time (null when it was renewed meanwhile). */
  async renewFoundIfCurrent<I extends Integration>(
    caller: Caller,
    integration: I,
    ug: { ativa: boolean },
    expectedAt?: Date,
  ): Promise<{ integration: I; clientSecret: string } | null> {
    activeUg({ ug });
    // A blocked key keeps the secret it was blocked with: unblocking restores exactly that one.
    if (integration.bloqueada) throw new IntegrationBlockedError();
    const clientSecret = generateSecret();
    const hint = secretHint(clientSecret);
    const { db, integrations, revocations, audit } = this.deps;
    const renewal = await inTransaction(db, { integrations, revocations, audit }, async (repos) => {
      const at = new Date();
      const replaced = await repos.integrations.replaceSecret(
        integration.id,
        hashSecret(this.deps.pepper, clientSecret),
        hint,
        at,
        expectedAt,
      );
      if (!replaced) return null;
      // Tokens minted with the old secret are refused from now on, on every instance.
      const revocation = await repos.revocations.insert(integration.clientId, at.getTime());
      await repos.audit.insert(
        auditEvent(caller, auditActions.integrationRenewed, {
          ugId: integration.ugId,
          targetType: 'integracao',
          targetId: integration.id,
          details: { clientId: integration.clientId },
        }),
      );
      return { at, revocation };
    });
    if (!renewal) return null;
    await this.deps.revocationAnnouncements.announce([renewal.revocation]);
    return { integration: { ...integration, secretHint: hint, secretCreatedAt: renewal.at }, clientSecret };
  }

  async delete(caller: Caller, ugId: number, integrationId: number): Promise<Integration> {
    const { integration } = await this.find(caller, ugId, integrationId);
    return this.deleteFound(caller, integration);
  }

  /** The deletion of a key its caller has already found with the right to manage it (as for `renewFound`). */
  async deleteFound<I extends Integration>(caller: Caller, integration: I): Promise<I> {
    const { db, integrations, revocations, audit } = this.deps;
    const revocation = await inTransaction(db, { integrations, revocations, audit }, async (repos) => {
      await repos.integrations.delete(integration.id);
      const revocation = await repos.revocations.insert(integration.clientId, null);
      await repos.audit.insert(
        auditEvent(caller, auditActions.integrationDeleted, {
          ugId: integration.ugId,
          targetType: 'integracao',
          targetId: integration.id,
          details: { clientId: integration.clientId, descricao: integration.descricao },
        }),
      );
      return revocation;
    });
    await this.deps.revocationAnnouncements.announce([revocation]);
    return integration;
  }

  private seal(ugId: number, credentials: Credentials): string {
    return hashSecret(this.deps.pepper, `draft:${ugId}:${credentials.clientId}:${credentials.clientSecret}`);
  }

  /** The UG's access for someone who may manage its keys (its gestor, a Sys Admin); NotFound or Forbidden otherwise. */
  async manageable(caller: Caller, ugId: number): Promise<UgAccess> {
    const access = await this.deps.ugs.access(caller, ugId);
    if (!access.canManage) throw new ForbiddenError(messages.gestorOnly);
    return access;
  }
}

/** A deactivated UG's keys get no token: new keys or secrets there would not work, so they are refused (409). */
function activeUg<A extends { ug: { ativa: boolean } }>(access: A): A {
  if (!access.ug.ativa) throw new UgInactiveError();
  return access;
}
