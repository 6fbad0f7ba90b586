import type { Actor } from './actor.ts';
import type { AuditEvent } from './audit.repository.ts';
import type { Store } from '../db/repositories.ts';
import { parseInput } from '../errors/parse.ts';
import type { UgAccess, UgsService } from '../ugs/ugs.service.ts';
import { z } from 'zod';

export const AUDIT_PAGE_SIZE = 50;

const pageSchema = z.coerce.number({ error: 'Página inválida.' }).int('Página inválida.').min(1, 'Página inválida.').max(100000, 'Página inválida.').default(1);

export interface AuditPage {
  access: UgAccess;
  items: AuditEvent[];
  total: number;
  page: number;
  pages: number;
}

/** Reads the audit trail; only the UG's members and Sys Admins see a UG's events. */
export class AuditLogService {
  constructor(
    private readonly store: Store,
    private readonly ugs: UgsService,
  ) {}

  async listForUg(actor: Actor, ugId: number, page: unknown): Promise<AuditPage> {
    const access = await this.ugs.access(actor, ugId);
    const pageNumber = parseInput(pageSchema, page);
    const { items, total } = await this.store.repos.audit.listByUg(access.ug.id, (pageNumber - 1) * AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE);
    return { access, items, total, page: pageNumber, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
  }
}
