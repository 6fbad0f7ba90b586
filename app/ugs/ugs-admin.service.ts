import type { AuditRepository } from '../audit/audit.repository.ts';
import { auditActions, auditEvent, type AuditAction } from '../audit/audit-events.ts';
import { requireSysAdmin, type Caller } from '../caller.ts';
import { translateDatabaseError } from '../db/errors.ts';
import type { Db } from '../db/knex.ts';
import type { Page, PageRequest } from '../db/page.ts';
import { inTransaction } from '../db/transaction.ts';
import { type FieldErrors, NotFoundError, UgCycleError, UgInUseError, UgTribunalError } from '../errors/app-error.ts';
import type { Revocation, RevocationsRepository } from '../oauth/revocations.repository.ts';
import { resolveAgregadora, ugFieldConflicts, ugUniqueFields, type UgConflictFields } from './ug-fields.ts';
import type { AdminUg, UgFields, UgsAdminRepository } from './ugs-admin.repository.ts';
import type { UgsRepository } from './ugs.repository.ts';
import type { UgCreateInput, UgPatchInput } from './ugs.schemas.ts';
import { UG_NOT_FOUND, type UgsService } from './ugs.service.ts';
import type { RevocationAnnouncements } from '../oauth/revocation-announcements.ts';

const messages = {
  adminOnly: 'Somente administradores do sistema administram as unidades gestoras.',
  ugNotFound: UG_NOT_FOUND,
  selfAggregation: 'Uma UG não pode ser a agregadora de si mesma.',
  cycle: (codigo: string) => `A UG ${codigo} já está abaixo desta UG: ela não pode ser a agregadora.`,
  tribunalDeactivation: 'A unidade gestora do Tribunal não pode ser desativada: as integrações de administração deixariam de funcionar.',
  tribunalDeletion: 'A unidade gestora do Tribunal não pode ser excluída.',
};

/** What the Sys Admin's UG services read and write, and the database for their transactions. */
export interface UgAdminStores {
  db: Db;
  ugs: UgsRepository;
  ugsAdmin: UgsAdminRepository;
  audit: AuditRepository;
}

/** The Tribunal's own UG holds the only keys with the admin scope: it stays active, and it stays. */
function refuseForTribunal(ug: AdminUg, message: string): void {
  if (ug.tribunal) throw new UgTribunalError(message);
}

/**
 * UGs and their memberships as Sys Admins administer them, in the portal's admin area and the admin API alike: list,
 * create, edit (aggregation cycles refused), deactivate and reactivate (its keys stop and return), delete an unused
 * UG (never the Tribunal's own, which cannot be deactivated either); its members are UgMembersService's. Every
 * change writes an audit event with the acting user or key.
 */
export class UgsAdminService {
  constructor(
    private readonly deps: UgAdminStores & { revocations: RevocationsRepository; revocationAnnouncements: RevocationAnnouncements },
    private readonly ugs: UgsService,
  ) {}

  async list(caller: Caller, q: string | undefined, page: PageRequest): Promise<Page<AdminUg>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.deps.ugsAdmin.list(q, page);
  }

  async find(caller: Caller, id: number): Promise<AdminUg> {
    requireSysAdmin(caller, messages.adminOnly);
    const ug = await this.deps.ugsAdmin.find(id);
    if (!ug) throw new NotFoundError(messages.ugNotFound);
    return ug;
  }

  async create(caller: Caller, input: UgCreateInput): Promise<AdminUg> {
    requireSysAdmin(caller, messages.adminOnly);
    const ug = await this.ugs.create(input, caller);
    return this.find(caller, ug.id);
  }

  /** What the fields given clash with among the UGs stored (`exceptId`: the UG being edited), all at once. */
  async conflicts(caller: Caller, fields: UgConflictFields, exceptId?: number): Promise<FieldErrors> {
    requireSysAdmin(caller, messages.adminOnly);
    return ugFieldConflicts(this.deps.ugs, fields, exceptId);
  }

  /** Replaces the UG's fields (PUT, the portal's form): an agregadora not named is none. */
  async replace(caller: Caller, id: number, data: UgCreateInput): Promise<AdminUg> {
    const ug = await this.find(caller, id);
    return this.change(caller, ug, { ...data, agregadoraId: data.agregadora === undefined ? (data.agregadoraId ?? null) : undefined });
  }

  /** Changes the fields given (PATCH), then the situação (`ativa`). Idempotent. */
  async patch(caller: Caller, id: number, input: UgPatchInput): Promise<AdminUg> {
    const ug = await this.find(caller, id);
    const { ativa, ...data } = input;
    // Refused before any field is written, so a refused PATCH changes nothing.
    if (ativa === false) refuseForTribunal(ug, messages.tribunalDeactivation);
    const changed = await this.change(caller, ug, data);
    return ativa === undefined ? changed : this.setAtiva(caller, id, ativa);
  }

  /**
   * Deactivates or reactivates the UG, like blocking or unblocking each of its keys: deactivated, none obtains a
   * token and their outstanding tokens are refused within a revocation poll; reactivated, the same secrets work again
   * (blocked keys stay blocked) while tokens from before stay refused. Idempotent.
   */
  async setAtiva(caller: Caller, id: number, ativa: boolean): Promise<AdminUg> {
    const ug = await this.find(caller, id);
    if (!ativa) refuseForTribunal(ug, messages.tribunalDeactivation);
    if (ug.ativa === ativa) return ug;
    const revoked = await inTransaction(
      this.deps.db,
      { ugsAdmin: this.deps.ugsAdmin, revocations: this.deps.revocations, audit: this.deps.audit },
      async (repos) => {
        const at = new Date();
        await repos.ugsAdmin.setAtiva(id, ativa, at);
        const keys = (await repos.ugsAdmin.keys(id)).filter((key) => !ativa || !key.bloqueada);
        const written: Revocation[] = [];
        for (const key of keys) written.push(await repos.revocations.insert(key.clientId, ativa ? at.getTime() : null, at));
        await audit(repos.audit, caller, ativa ? auditActions.ugReactivated : auditActions.ugDeactivated, ug, { integracoes: keys.length });
        return written;
      },
    );
    await this.deps.revocationAnnouncements.announce(revoked);
    return this.find(caller, id);
  }

  /** Deletes a UG nothing belongs to; one with members, keys, aggregated UGs or data is refused (deactivate it). */
  async delete(caller: Caller, id: number): Promise<AdminUg> {
    const ug = await this.find(caller, id);
    refuseForTribunal(ug, messages.tribunalDeletion);
    await inTransaction(this.deps.db, { ugsAdmin: this.deps.ugsAdmin, audit: this.deps.audit }, async (repos) => {
      if (await repos.ugsAdmin.inUse(id)) throw new UgInUseError();
      await repos.ugsAdmin.delete(id);
      await audit(repos.audit, caller, auditActions.ugDeleted, ug, { codigo: ug.codigo, cnpj: ug.cnpj });
    });
    return ug;
  }

  /** Writes the fields that differ (none: nothing written, nothing audited), refusing an aggregation cycle. */
  private async change(
    caller: Caller,
    ug: AdminUg,
    data: Partial<Omit<UgFields, 'agregadoraId'>> & { agregadora?: string; agregadoraId?: number | null },
  ): Promise<AdminUg> {
    try {
      await inTransaction(this.deps.db, { ugs: this.deps.ugs, ugsAdmin: this.deps.ugsAdmin, audit: this.deps.audit }, async (repos) => {
        const agregadora = await resolveAgregadora(repos.ugs, data);
        if (agregadora?.ug) await refuseCycle(repos.ugs, ug, agregadora.ug.id, agregadora.field);
        const before: UgFields = { codigo: ug.codigo, nome: ug.nome, cnpj: ug.cnpj, agregadoraId: ug.agregadoraId };
        const after: UgFields = {
          codigo: data.codigo ?? ug.codigo,
          nome: data.nome ?? ug.nome,
          cnpj: data.cnpj ?? ug.cnpj,
          agregadoraId: agregadora ? (agregadora.ug?.id ?? null) : ug.agregadoraId,
        };
        const changes = Object.fromEntries(
          (Object.keys(after) as Array<keyof UgFields>)
            .filter((k) => after[k] !== before[k])
            .map((k) => [k, { de: before[k], para: after[k] }]),
        );
        if (Object.keys(changes).length === 0) return;
        await repos.ugsAdmin.update(ug.id, after, new Date());
        await audit(repos.audit, caller, auditActions.ugUpdated, ug, { alteracoes: changes });
      });
    } catch (err) {
      throw translateDatabaseError(err, ugUniqueFields);
    }
    return this.find(caller, ug.id);
  }
}

/** An agregadora at or below the UG (transitively) would make the aggregation a cycle. */
async function refuseCycle(ugs: UgsRepository, ug: AdminUg, agregadoraId: number, field: string): Promise<void> {
  if (agregadoraId === ug.id) throw new UgCycleError({ [field]: messages.selfAggregation });
  const below = (await ugs.selfAndDescendants(ug.id)).find((d) => d.id === agregadoraId);
  if (below) throw new UgCycleError({ [field]: messages.cycle(below.codigo) });
}

function audit(
  repository: AuditRepository,
  caller: Caller,
  action: AuditAction,
  ug: AdminUg,
  details: Record<string, unknown>,
): Promise<void> {
  return repository.insert(
    auditEvent(caller, action, { ugId: ug.id, targetType: 'ug', targetId: ug.id, details: { codigo: ug.codigo, ...details } }),
  );
}
