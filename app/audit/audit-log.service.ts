import { requireSysAdmin, type Caller } from '../caller.ts';
import type { AuditEvent, AuditFilters, AuditRepository } from './audit.repository.ts';
import { auditActions, auditEvent } from './audit-events.ts';
import { nameTargets, targetRefs, type NamedAuditEvent } from './audit-targets.ts';
import type { AuditTargetsRepository } from './audit-targets.repository.ts';
import { startOfDay } from './period.ts';
import type { Page, PageRequest } from '../db/page.ts';
import type { UgAccess, UgsService } from '../ugs/ugs.service.ts';

/** Events per query of a CSV export: what the server holds in memory at once, however large the export. */
export const EXPORT_BATCH_SIZE = 500;

const messages = {
  adminOnly: 'Somente administradores do sistema consultam a auditoria de todo o sistema.',
};

/** The trail's filters with the period as calendar days (AAAA-MM-DD, both inclusive, in the Tribunal's time zone). */
export interface AuditQuery extends Omit<AuditFilters, 'from' | 'before'> {
  de?: string;
  ate?: string;
}

export interface UgAuditPage extends Page<NamedAuditEvent> {
  access: UgAccess;
}

function filtersOf({ de, ate, ...rest }: AuditQuery): AuditFilters {
  return { ...rest, from: de === undefined ? undefined : startOfDay(de), before: ate === undefined ? undefined : startOfDay(ate, 1) };
}

/**
 * Reads the audit trail: a UG's events for its members, every event for Sys Admins (who may also export them). Each
 * event comes with its target named as people know it (see `nameTargets`).
 */
export class AuditLogService {
  constructor(private readonly deps: { audit: AuditRepository; targets: AuditTargetsRepository; ugsService: UgsService }) {}

  async listForUg(caller: Caller, ugId: number, page: PageRequest): Promise<UgAuditPage> {
    const access = await this.deps.ugsService.access(caller, ugId);
    return { access, ...(await this.named(await this.deps.audit.list({ ugId: access.ug.id }, page))) };
  }

  /** Every event the filters match, a page at a time, as recorded (the admin API's listing). */
  async list(caller: Caller, query: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.deps.audit.list(filtersOf(query), page);
  }

  /** `list` with each target named, for people reading it (the portal's Administração → Auditoria). */
  async listNamed(caller: Caller, query: AuditQuery, page: PageRequest): Promise<Page<NamedAuditEvent>> {
    return this.named(await this.list(caller, query, page));
  }

  /**
   * Every event the form's filters match, newest first, in batches: a bulk copy of the trail, so the export itself is
   * recorded first (with its filters), even if the download is then interrupted.
   */
  async export(caller: Caller, query: AuditQuery): Promise<AsyncGenerator<NamedAuditEvent[]>> {
    requireSysAdmin(caller, messages.adminOnly);
    await this.deps.audit.insert(auditEvent(caller, auditActions.auditExported, { details: { ...query } }));
    return this.namedBatches(this.deps.audit.batches(filtersOf(query), EXPORT_BATCH_SIZE));
  }

  /** A page's targets named with one query per kind of target, not one per event. */
  private async named<P extends Page<AuditEvent>>(page: P): Promise<Omit<P, 'items'> & { items: NamedAuditEvent[] }> {
    return { ...page, items: await this.namedEvents(page.items) };
  }

  private async namedEvents(events: AuditEvent[]): Promise<NamedAuditEvent[]> {
    return nameTargets(events, await this.deps.targets.find(targetRefs(events)));
  }

  private async *namedBatches(batches: AsyncGenerator<AuditEvent[]>): AsyncGenerator<NamedAuditEvent[]> {
    for await (const batch of batches) yield this.namedEvents(batch);
  }
}
