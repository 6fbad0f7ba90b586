import type { AuditRepository } from '../audit/audit.repository.ts';
import { auditActions, auditEvent } from '../audit/audit-events.ts';
import { requireSysAdmin, type Caller, type ScopedCaller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Db } from '../db/knex.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { ForbiddenError, NotFoundError } from '../errors/app-error.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import { applyMembership } from './membership.ts';
import { resolveAgregadora, ugUniqueFields } from './ug-fields.ts';
import type { Gestor, Ug, UgListItem, UgRef, UgsRepository, UgVisibleQuery } from './ugs.repository.ts';
import type { UgCreateInput } from './ugs.schemas.ts';

/** What a UG answers that does not exist or is not the caller's to see; the portal's path ids that name none too. */
export const UG_NOT_FOUND = 'Unidade gestora não encontrada.';

const messages = {
  ugNotFound: UG_NOT_FOUND,
  userNotFound: 'Não existe usuário com este e-mail.',
  adminOnly: 'Somente administradores do sistema podem cadastrar unidades gestoras.',
};

/** What a user may do in one UG. */
export interface UgAccess {
  ug: Ug;
  gestor: Gestor | null;
  isGestor: boolean;
  canManage: boolean;
}

export class UgsService {
  constructor(private readonly deps: { db: Db; ugs: UgsRepository; users: UsersRepository; audit: AuditRepository }) {}

  /** `tribunal` marks the Tribunal's own UG (`cidades ug create --tribunal`): at most one, refused as a conflict. */
  async create(input: UgCreateInput, caller: Caller, options: { tribunal?: boolean } = {}): Promise<Ug> {
    requireSysAdmin(caller, messages.adminOnly);
    try {
      return await inTransaction(this.deps.db, { ugs: this.deps.ugs, audit: this.deps.audit }, async ({ ugs, audit }) => {
        const agregadora = (await resolveAgregadora(ugs, input))?.ug ?? null;
        const id = await ugs.insert({
          codigo: input.codigo,
          nome: input.nome,
          cnpj: input.cnpj,
          agregadoraId: agregadora?.id ?? null,
          tribunal: options.tribunal,
        });
        await audit.insert(
          auditEvent(caller, auditActions.ugCreated, {
            ugId: id,
            targetType: 'ug',
            targetId: id,
            details: { codigo: input.codigo, cnpj: input.cnpj, tribunal: options.tribunal ?? false },
          }),
        );
        return (await ugs.findById(id)) as Ug;
      });
    } catch (err) {
      throw translateDatabaseError(err, ugUniqueFields);
    }
  }

  /** A page of the UGs a user may open, in id order: those they belong to, or every UG for a Sys Admin; `q` searches them. */
  list(caller: Caller, q: string | undefined, page: PageRequest): Promise<Page<UgListItem>> {
    return this.deps.ugs.list({ ...page, memberUserId: caller.isAdmin ? undefined : (caller.userId ?? -1), q });
  }

  /** A UG the caller may see, or NotFound: another UG's existence is never revealed. */
  async access(caller: Caller, ugId: number): Promise<UgAccess> {
    const { ugs } = this.deps;
    const ug = await ugs.findById(ugId);
    if (!ug || (!caller.isAdmin && (caller.userId === null || !(await ugs.isMember(ug.id, caller.userId)))))
      throw new NotFoundError(messages.ugNotFound);
    const gestor = await ugs.currentGestor(ug.id);
    const isGestor = gestor !== null && gestor.userId === caller.userId;
    return { ug, gestor, isGestor, canManage: isGestor || caller.isAdmin };
  }

  /** The UGs whose data a key of this UG may read: its own and, for an aggregator, every UG under it. */
  visibleUgs(ugId: number): Promise<UgRef[]> {
    return this.deps.ugs.selfAndDescendants(ugId);
  }

  /** A page of the UGs the key may read, in id order. */
  listVisible(caller: ScopedCaller, filters: UgVisibleQuery['filters'], page: PageRequest): Promise<Page<Ug>> {
    return this.deps.ugs.listVisible({ ...page, ugIds: caller.scope.visibleUgIds, filters });
  }

  /** A visible UG, or NotFound exactly as for a UG that does not exist. */
  async findVisible(caller: ScopedCaller, ugId: number): Promise<Ug> {
    const ug = caller.scope.visibleUgIds.includes(ugId) ? await this.deps.ugs.findById(ugId) : null;
    if (!ug) throw new NotFoundError(messages.ugNotFound);
    return ug;
  }

  /** `codigo` as parsed by `codigoField` (trimmed), as each surface reads it. */
  async findByCodigo(codigo: string): Promise<Ug> {
    const ug = await this.deps.ugs.findByCodigo(codigo);
    if (!ug) throw new NotFoundError(messages.ugNotFound);
    return ug;
  }

  async addMember(ugCodigo: string, email: string, caller: Caller): Promise<void> {
    await this.changeMembership(ugCodigo, email, caller, false);
  }

  /** Makes the user the UG's gestor (and a member); the previous gestor's term ends now, kept in the history. */
  async setGestor(ugCodigo: string, email: string, caller: Caller): Promise<void> {
    await this.changeMembership(ugCodigo, email, caller, true);
  }

  /** `ugCodigo` and `email` as parsed by `codigoField` and `emailField` (the command line's options). */
  private async changeMembership(ugCodigo: string, email: string, caller: Caller, asGestor: boolean): Promise<void> {
    if (!caller.isAdmin) throw new ForbiddenError();
    const ug = await this.findByCodigo(ugCodigo);
    const user = await this.deps.users.findByEmail(email);
    if (!user) throw new NotFoundError(messages.userNotFound);
    await inTransaction(this.deps.db, { ugs: this.deps.ugs, audit: this.deps.audit }, (repos) =>
      applyMembership(repos, caller, ug.id, user, asGestor ? 'gestor' : 'membro'),
    );
  }
}
