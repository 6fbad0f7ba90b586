import { auditActions, auditEvent } from '../audit/audit.service.ts';
import type { Caller } from '../caller.ts';
import type { Store } from '../db/repositories.ts';
import { ForbiddenError, IntegrationBlockedError, NotFoundError, UgInactiveError, ValidationError } from '../errors/app-error.ts';
import { parseInput } from '../errors/parse.ts';
import type { UgAccess, UgsService } from '../ugs/ugs.service.ts';
import { generateClientId, generateSecret, hashSecret, isClientIdFormat, isSecretFormat, safeEqual, secretHint, verifySecret } from './credentials.ts';
import type { Revocation } from '../oauth/revocations.repository.ts';
import type { Integration, TokenClient } from './integrations.repository.ts';
import { integrationCreateSchema, integrationIdSchema, type IntegrationCreateInput } from './integrations.schemas.ts';

const messages = {
  notFound: 'Integração não encontrada.',
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

export interface IntegrationsPage {
  access: UgAccess;
  items: Integration[];
  /** Keys whose secret predates the current gestor: shown to that gestor with a recommendation to renew. */
  renewalNotice: Integration[];
}

export class IntegrationsService {
  private readonly revocationListeners: ((entries: Revocation[]) => Promise<void> | void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly ugs: UgsService,
    private readonly pepper: string,
  ) {}

  /**
   * Called, once committed and before the change is answered, with the revocation log entries this process wrote
   * (key renewed, deleted, blocked or unblocked, a UG deactivated or reactivated). The change's answer waits for them.
   * Returns what removes the listener (an app that stops).
   */
  onRevocation(listener: (entries: Revocation[]) => Promise<void> | void): () => void {
    this.revocationListeners.push(listener);
    return () => {
      const i = this.revocationListeners.indexOf(listener);
      if (i >= 0) this.revocationListeners.splice(i, 1);
    };
  }

  /** Announces entries of the revocation log (also called by the admin services after a block or a UG's deactivation). */
  async revoked(entries: Revocation[]): Promise<void> {
    for (const listener of this.revocationListeners) await listener(entries);
  }

  async list(caller: Caller, ugId: number): Promise<IntegrationsPage> {
    const access = await this.ugs.access(caller, ugId);
    const items = await this.store.repos.integrations.listByUg(access.ug.id);
    const gestorSince = access.gestor?.inicio;
    const renewalNotice = access.isGestor && gestorSince ? items.filter((i) => i.secretCreatedAt < gestorSince) : [];
    return { access, items, renewalNotice };
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
  async create(caller: Caller, ugId: number, input: IntegrationCreateInput & { admin?: boolean }, draft?: Credentials & { seal: string }): Promise<IntegrationWithSecret> {
    const access = activeUg(await this.manageable(caller, ugId));
    // The `admin` scope administers every UG: a gestor can never grant it, and only the Tribunal's own keys hold it.
    if (input.admin && !(caller.isAdmin && access.ug.tribunal)) throw new ForbiddenError(messages.adminScope);
    const data = parseInput(integrationCreateSchema, input);
    const credentials = draft ?? { clientId: generateClientId(), clientSecret: generateSecret() };
    if (draft && !safeEqual(draft.seal, this.seal(access.ug.id, draft))) throw new ValidationError({ _: messages.badDraft }, messages.badDraft);
    const integration = await this.store.transaction(async (repos) => {
      const id = await repos.integrations.insert({
        ugId: access.ug.id,
        clientId: credentials.clientId,
        descricao: data.descricao,
        permissao: data.permissao,
        secretHash: hashSecret(this.pepper, credentials.clientSecret),
        secretHint: secretHint(credentials.clientSecret),
        createdByUserId: caller.userId,
        createdByNome: caller.nome,
        admin: input.admin ?? false,
      });
      await repos.audit.insert(
        auditEvent(caller, auditActions.integrationCreated, {
          ugId: access.ug.id,
          targetType: 'integracao',
          targetId: id,
          details: { clientId: credentials.clientId, descricao: data.descricao, permissao: data.permissao, admin: input.admin ?? false },
        }),
      );
      return (await repos.integrations.findById(id)) as Integration;
    });
    return { integration, clientSecret: credentials.clientSecret };
  }

  /** A key of the UG that the caller may manage, or NotFound / Forbidden. */
  async find(caller: Caller, ugId: number, integrationId: unknown): Promise<{ access: UgAccess; integration: Integration }> {
    const access = await this.manageable(caller, ugId);
    const id = integrationId === undefined ? Number.NaN : Number(integrationId);
    const integration = integrationIdSchema.safeParse(id).success ? await this.store.repos.integrations.findById(id) : null;
    if (!integration || integration.ugId !== access.ug.id) throw new NotFoundError(messages.notFound);
    return { access, integration };
  }

  /** The UG of a key known only by its id (the command line's `rotate ID`), or NotFound. */
  async ugIdOf(integrationId: number): Promise<number> {
    const integration = await this.store.repos.integrations.findById(integrationId);
    if (!integration) throw new NotFoundError(messages.notFound);
    return integration.ugId;
  }

  /** Replaces the secret: the old one stops working at once. */
  async renew(caller: Caller, ugId: number, integrationId: unknown): Promise<IntegrationWithSecret & { access: UgAccess }> {
    const { access, integration } = await this.find(caller, ugId, integrationId);
    activeUg(access);
    // A blocked key keeps the secret it was blocked with: unblocking restores exactly that one.
    if (integration.bloqueada) throw new IntegrationBlockedError();
    const clientSecret = generateSecret();
    const { renewed, revocation } = await this.store.transaction(async (repos) => {
      const at = new Date();
      await repos.integrations.replaceSecret(integration.id, hashSecret(this.pepper, clientSecret), secretHint(clientSecret), at);
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
      return { renewed: (await repos.integrations.findById(integration.id)) as Integration, revocation };
    });
    await this.revoked([revocation]);
    return { access, integration: renewed, clientSecret };
  }

  async delete(caller: Caller, ugId: number, integrationId: unknown): Promise<Integration> {
    const { integration } = await this.find(caller, ugId, integrationId);
    const revocation = await this.store.transaction(async (repos) => {
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
    await this.revoked([revocation]);
    return integration;
  }

  /** The integração these credentials authenticate, or null: unknown id, wrong or malformed secret, blocked key. */
  async verifyCredentials(clientId: string, clientSecret: string): Promise<Integration | null> {
    if (!isClientIdFormat(clientId) || !isSecretFormat(clientSecret)) return null;
    const found = await this.store.repos.integrations.findByClientIdWithHash(clientId);
    if (!found || found.bloqueada || !verifySecret(this.pepper, clientSecret, found.secretHash)) return null;
    const { secretHash: _hash, ...integration } = found;
    return integration;
  }

  /** The client the token endpoint authenticates, or null; blocked keys, and a deactivated UG's, are as unknown ones. */
  async tokenClient(clientId: string): Promise<TokenClient | null> {
    if (!isClientIdFormat(clientId)) return null;
    const client = await this.store.repos.integrations.findTokenClient(clientId);
    return client && !client.bloqueada && client.ugAtiva ? client : null;
  }

  /** Every key that may obtain tokens, by client id, a page at a time. */
  activeTokenClients(afterClientId: string, limit: number): Promise<TokenClient[]> {
    return this.store.repos.integrations.listActiveTokenClients(afterClientId, limit);
  }

  private seal(ugId: number, credentials: Credentials): string {
    return hashSecret(this.pepper, `draft:${ugId}:${credentials.clientId}:${credentials.clientSecret}`);
  }

  /** The UG's access for someone who may manage its keys (its gestor, a Sys Admin); NotFound or Forbidden otherwise. */
  async manageable(caller: Caller, ugId: number): Promise<UgAccess> {
    const access = await this.ugs.access(caller, ugId);
    if (!access.canManage) throw new ForbiddenError(messages.gestorOnly);
    return access;
  }
}

/** A deactivated UG's keys get no token: new keys or secrets there would not work, so they are refused (409). */
function activeUg(access: UgAccess): UgAccess {
  if (!access.ug.ativa) throw new UgInactiveError();
  return access;
}
