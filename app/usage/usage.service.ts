import type { Caller } from '../caller.ts';
import type { Integration } from '../integrations/integrations.repository.ts';
import type { AdminIntegration } from '../integrations/integrations-admin.repository.ts';
import type { IntegrationsAdminService } from '../integrations/integrations-admin.service.ts';
import type { IntegrationsService } from '../integrations/integrations.service.ts';
import { addDays, dateIn, TIME_ZONE } from '../time-zone.ts';
import type { UgAccess } from '../ugs/ugs.service.ts';
import type { UsageMeasure, UsageRepository } from './usage.repository.ts';

/** The days a key's chart shows, today included. */
export const USAGE_DAYS = 30;
/** The days kept (today included): older ones go in the scheduled clean-up. */
export const USAGE_KEPT_DAYS = 90;

export interface UsageRefusal {
  medida: UsageMeasure;
  /** The token endpoint's error code, or the API's status. */
  motivo: string;
  total: number;
}

export interface UsageDay {
  /** AAAA-MM-DD, in the Tribunal's time zone. */
  dia: string;
  tokens: number;
  chamadas: number;
  /** By measure (the token endpoint's first) and reason; empty on a day without refusals. */
  recusas: UsageRefusal[];
  totalRecusas: number;
}

/** A key's last USAGE_DAYS days, oldest first, every day present (zeros where nothing was counted). */
export interface KeyUsage {
  days: UsageDay[];
  totals: { tokens: number; chamadas: number; recusas: number };
}

/** The first day kept at `now`: what the clean-up deletes is before it. */
export function firstKeptDay(now: Date): string {
  return addDays(dateIn(TIME_ZONE, now), 1 - USAGE_KEPT_DAYS);
}

/** Each key's usage per day, as its page's chart shows it. */
export class UsageService {
  constructor(
    private readonly deps: {
      usage: UsageRepository;
      integrations: Pick<IntegrationsService, 'view'>;
      integrationsAdmin: Pick<IntegrationsAdminService, 'find'>;
    },
  ) {}

  /** A key of a UG the caller sees, with its usage: as its page shows it (NotFound as for the key itself). */
  async forKey(
    caller: Caller,
    ugId: number,
    integrationId: number,
    now = new Date(),
  ): Promise<{ access: UgAccess; integration: Integration; usage: KeyUsage }> {
    const found = await this.deps.integrations.view(caller, ugId, integrationId);
    return { ...found, usage: await this.lastDays(found.integration.id, now) };
  }

  /** Any key, for a Sys Admin (the admin API). */
  async forAdmin(caller: Caller, integrationId: number, now = new Date()): Promise<{ integration: AdminIntegration; usage: KeyUsage }> {
    const integration = await this.deps.integrationsAdmin.find(caller, integrationId);
    return { integration, usage: await this.lastDays(integration.id, now) };
  }

  private async lastDays(integracaoId: number, now: Date): Promise<KeyUsage> {
    const today = dateIn(TIME_ZONE, now);
    const days = new Map<string, UsageDay>();
    for (let i = 1 - USAGE_DAYS; i <= 0; i += 1) {
      const dia = addDays(today, i);
      days.set(dia, { dia, tokens: 0, chamadas: 0, recusas: [], totalRecusas: 0 });
    }
    const rows = await this.deps.usage.between(integracaoId, addDays(today, 1 - USAGE_DAYS), today);
    for (const row of rows) {
      const day = days.get(row.dia);
      if (!day) continue;
      if (row.motivo === '') {
        if (row.medida === 'token') day.tokens += row.total;
        else day.chamadas += row.total;
      } else {
        day.recusas.push({ medida: row.medida, motivo: row.motivo, total: row.total });
        day.totalRecusas += row.total;
      }
    }
    const list = [...days.values()];
    // The token endpoint's refusals first, then the API's.
    for (const day of list) day.recusas.sort((a, b) => b.medida.localeCompare(a.medida) || a.motivo.localeCompare(b.motivo));
    const sum = (pick: (day: UsageDay) => number) => list.reduce((total, day) => total + pick(day), 0);
    return {
      days: list,
      totals: { tokens: sum((d) => d.tokens), chamadas: sum((d) => d.chamadas), recusas: sum((d) => d.totalRecusas) },
    };
  }
}
