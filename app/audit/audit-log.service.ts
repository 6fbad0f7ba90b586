import { requireSysAdmin, type Caller } from '../caller.ts';
import type { AuditEvent, AuditFilters } from './audit.repository.ts';
import { auditActions, auditEvent } from './audit.service.ts';
import { auditAfterSchema } from './audit-filters.schemas.ts';
import { startOfDay } from './period.ts';
import type { Page, PageRequest } from '../db/page.ts';
import type { Store } from '../db/repositories.ts';
import { parseInput } from '../errors/parse.ts';
import type { UgAccess, UgsService } from '../ugs/ugs.service.ts';

/** Events per page of the portal's Auditoria pages. */
export const AUDIT_PAGE_SIZE = 25;

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

export interface UgAuditPage extends Page<AuditEvent> {
  access: UgAccess;
}

function filtersOf({ de, ate, ...rest }: AuditQuery): AuditFilters {
  return { ...rest, from: de === undefined ? undefined : startOfDay(de), before: ate === undefined ? undefined : startOfDay(ate, 1) };
}

/** Reads the audit trail: a UG's events for its members, every event for Sys Admins (who may also export them). */
export class AuditLogService {
  constructor(
    private readonly store: Store,
    private readonly ugs: UgsService,
  ) {}

  async listForUg(caller: Caller, ugId: number, after: unknown): Promise<UgAuditPage> {
    const access = await this.ugs.access(caller, ugId);
    const afterId = parseInput(auditAfterSchema, after);
    return { access, ...(await this.store.repos.audit.list({ ugId: access.ug.id }, { limit: AUDIT_PAGE_SIZE, afterId })) };
  }

  async list(caller: Caller, query: AuditQuery, page: PageRequest): Promise<Page<AuditEvent>> {
    requireSysAdmin(caller, messages.adminOnly);
    return this.store.repos.audit.list(filtersOf(query), page);
  }

  /**
   * Every event the form's filters match, newest first, in batches: a bulk copy of the trail, so the export itself is
   * recorded first (with its filters), even if the download is then interrupted.
   */
  async export(caller: Caller, query: AuditQuery): Promise<AsyncGenerator<AuditEvent[]>> {
    requireSysAdmin(caller, messages.adminOnly);
    await this.store.repos.audit.insert(auditEvent(caller, auditActions.auditExported, { details: { ...query } }));
    return this.store.repos.audit.batches(filtersOf(query), EXPORT_BATCH_SIZE);
  }
}
