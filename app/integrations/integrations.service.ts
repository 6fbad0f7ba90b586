import { auditActions, auditEvent, type AuditAction } from '../audit/audit-events.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { Caller } from '../caller.ts';
import type { Db } from '../db/knex.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { ForbiddenError, IntegrationBlockedError, NotFoundError, UgInactiveError, ValidationError } from '../errors/app-error.ts';
import type { UgAccess, UgsService } from '../ugs/ugs.service.ts';
import { generateClientId, generateSecret, hashSecret, safeEqual, secretHint } from './credentials.ts';
import type { RevocationAnnouncements } from '../oauth/revocation-announcements.ts';
import type { Revocation, RevocationsRepository } from '../oauth/revocations.repository.ts';
import { standingOf, type TokenClientsRepository } from '../oauth/token-clients.repository.ts';
import type { Integration, IntegrationEdit, IntegrationsRepository, PreviousSecret, RenewalDue } from './integrations.repository.ts';
import type { IntegrationCreateInput, Permissao } from './integrations.schemas.ts';

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

/**
 * How a renewal treats the secret it replaces: `graceSeconds` (0 by default) is how long it keeps working, with the
 * tokens obtained with it; `expectedAt`, the creation of the secret a page showed (renew only that one).
 */
export interface RenewalOptions {
  graceSeconds?: number;
  expectedAt?: Date;
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
      tokenClients: TokenClientsRepository;
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
    return this.ofUg(await this.manageable(caller, ugId), integrationId);
  }

  /** A key of a UG the caller may see (its page: managing it needs `access.canManage`), or NotFound. */
  async view(caller: Caller, ugId: number, integrationId: number): Promise<{ access: UgAccess; integration: Integration }> {
    return this.ofUg(await this.deps.ugs.access(caller, ugId), integrationId);
  }

  private async ofUg(access: UgAccess, integrationId: number): Promise<{ access: UgAccess; integration: Integration }> {
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

  /** Replaces the secret: the old one stops working at once, or at the end of a grace (`graceSeconds`). */
  async renew(
    caller: Caller,
    ugId: number,
    integrationId: number,
    options: Omit<RenewalOptions, 'expectedAt'> = {},
  ): Promise<IntegrationWithSecret & { access: UgAccess }> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    return { access, ...(await this.renewFound(caller, integration, access.ug, options)) };
  }

  /**
   * The renewal of a key its caller has already found with the right to manage it (`find`, or the Sys Admin's
   * `IntegrationsAdminService.find`), given its UG's situação: nothing is read again. Returns the key as renewed.
   */
  async renewFound<I extends Integration>(
    caller: Caller,
    integration: I,
    ug: { ativa: boolean },
    options: Omit<RenewalOptions, 'expectedAt'> = {},
  ): Promise<{ integration: I; clientSecret: string }> {
    const renewed = await this.renewFoundIfCurrent(caller, integration, ug, options);
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
    options: RenewalOptions & { expectedAt: Date },
  ): Promise<(IntegrationWithSecret & { access: UgAccess }) | null> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    const renewed = await this.renewFoundIfCurrent(caller, integration, access.ug, options);
    return renewed && { access, ...renewed };
  }

  /**
   * `renewFound`, or with `expectedAt` only the secret of that time (null when it was renewed meanwhile). The secret
   * replaced becomes the previous one, working until the grace ends; a previous secret still in its grace ends now
   * (at most two secrets per key).
   */
  async renewFoundIfCurrent<I extends Integration>(
    caller: Caller,
    integration: I,
    ug: { ativa: boolean },
    { graceSeconds = 0, expectedAt }: RenewalOptions = {},
  ): Promise<{ integration: I; clientSecret: string } | null> {
    activeUg({ ug });
    // A blocked key keeps the secret it was blocked with: unblocking restores exactly that one.
    if (integration.bloqueada) throw new IntegrationBlockedError();
    const clientSecret = generateSecret();
    const hint = secretHint(clientSecret);
    const at = new Date();
    const graceUntil = graceSeconds > 0 ? new Date(at.getTime() + graceSeconds * 1000) : undefined;
    const renewed = await this.changeKey(
      caller,
      integration,
      auditActions.integrationRenewed,
      { carenciaSegundos: graceSeconds, ...(graceUntil && { previousSecretValidUntil: graceUntil.toISOString() }) },
      at,
      (repos) =>
        repos.integrations.replaceSecret(integration.id, hashSecret(this.deps.pepper, clientSecret), hint, { at, expectedAt, graceUntil }),
    );
    if (!renewed) return null;
    const previousSecret: PreviousSecret = {
      hint: integration.secretHint,
      createdAt: integration.secretCreatedAt,
      validUntil: graceUntil ?? at,
      active: graceUntil !== undefined,
      usedAt: integration.secretUsedAt,
      usedIp: integration.secretUsedIp,
    };
    const secrets = { secretHint: hint, secretCreatedAt: at, secretUsedAt: null, secretUsedIp: null, previousSecret };
    return { integration: { ...integration, ...secrets }, clientSecret };
  }

  /** Ends a previous secret's grace now ("Encerrar agora"): it, and the tokens obtained with it, stop working. */
  async endGrace(
    caller: Caller,
    ugId: number,
    integrationId: number,
  ): Promise<{ access: UgAccess; integration: Integration; ended: boolean }> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    return { access, ...(await this.endGraceFound(caller, integration)) };
  }

  /** `endGrace` of a key already found (as `renewFound`); `ended` false when no grace was running (nothing written). */
  async endGraceFound<I extends Integration>(caller: Caller, integration: I): Promise<{ integration: I; ended: boolean }> {
    const at = new Date();
    const ended = await this.changeKey(caller, integration, auditActions.integrationGraceEnded, {}, at, (repos) =>
      repos.integrations.endGrace(integration.id, at),
    );
    const previousSecret =
      integration.previousSecret && ended ? { ...integration.previousSecret, validUntil: at, active: false } : integration.previousSecret;
    return { integration: { ...integration, previousSecret }, ended };
  }

  /**
   * A change to a key in one transaction with its audit event and, unless `revocation` is null, the revocation entry of
   * the key's new state (standingOf; with a new permission, it too), announced once committed: every process rebuilds
   * the key's client and refuses what it must. Nothing is written when `change` answers false.
   */
  private async changeKey(
    caller: Caller,
    integration: Integration,
    action: AuditAction,
    details: Record<string, unknown>,
    at: Date,
    change: (repos: { integrations: IntegrationsRepository }) => Promise<boolean>,
    revocation: { permissao?: Permissao } | null = {},
  ): Promise<boolean> {
    const { db, integrations, tokenClients, revocations, audit } = this.deps;
    const written = await inTransaction(
      db,
      { integrations, tokenClients, revocations, audit },
      async (repos): Promise<Revocation[] | null> => {
        if (!(await change(repos))) return null;
        const entries: Revocation[] = [];
        if (revocation) {
          const standing = standingOf(await repos.tokenClients.find(integration.clientId), at.getTime());
          const { validFromVersion, afterGrace } = standing;
          entries.push(
            await repos.revocations.insert(integration.clientId, validFromVersion, at, afterGrace, revocation.permissao ?? null),
          );
        }
        await repos.audit.insert(
          auditEvent(caller, action, {
            ugId: integration.ugId,
            targetType: 'integracao',
            targetId: integration.id,
            details: { clientId: integration.clientId, ...details },
          }),
        );
        return entries;
      },
    );
    if (!written) return false;
    await this.deps.revocationAnnouncements.announce(written);
    return true;
  }

  /**
   * Changes a key's description and permission. With `shown` (what the caller's form showed), only while the key still
   * has those values: null, with nothing written, when someone changed it meanwhile.
   */
  async edit(
    caller: Caller,
    ugId: number,
    integrationId: number,
    changes: IntegrationEdit,
    shown?: Required<IntegrationEdit>,
  ): Promise<{ access: UgAccess; integration: Integration } | null> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    const edited = await this.editFoundIfCurrent(caller, integration, changes, shown);
    return edited && { access, integration: edited };
  }

  /** The edit of a key its caller has already found with the right to manage it (as for `renewFound`). */
  async editFound<I extends Integration>(caller: Caller, integration: I, changes: IntegrationEdit): Promise<I> {
    const edited = await this.editFoundIfCurrent(caller, integration, changes);
    // Without the values shown only a key deleted meanwhile is left unchanged.
    if (!edited) throw new NotFoundError(messages.notFound);
    return edited;
  }

  /**
   * `editFound`, or with `shown` only while the key has those values (null when it changed meanwhile). A blocked key,
   * or one of a deactivated UG, may be edited too: it gets no token either way, and keeps what it is given for when it
   * works again. A new permission holds for the key's next token on every process, and a lowered one withdraws
   * `escrita` from its tokens already issued, within the revocations' bound, before the edit is answered.
   */
  async editFoundIfCurrent<I extends Integration>(
    caller: Caller,
    integration: I,
    changes: IntegrationEdit,
    shown?: Required<IntegrationEdit>,
  ): Promise<I | null> {
    if (changes.descricao === undefined && changes.permissao === undefined) return integration;
    // A new permission: every process rebuilds the key's client (its scopes follow it), and the entry carries it.
    const revocation = changes.permissao === undefined ? null : { permissao: changes.permissao };
    const written = await this.changeKey(
      caller,
      integration,
      auditActions.integrationUpdated,
      { ...changes },
      new Date(),
      (repos) => repos.integrations.update(integration.id, changes, shown),
      revocation,
    );
    if (!written) return null;
    return { ...integration, descricao: changes.descricao ?? integration.descricao, permissao: changes.permissao ?? integration.permissao };
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
