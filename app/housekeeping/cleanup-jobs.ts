import type { AuditRepository } from '../audit/audit.repository.ts';
import { IDEMPOTENCY_TTL_MS } from '../idempotency/idempotency.ts';
import type { IdempotencyRepository } from '../idempotency/idempotency.repository.ts';
import type { LimitsRepository } from '../limits/limits.repository.ts';
import type { AvisosRepository } from '../notifications/avisos.repository.ts';
import type { RevocationsRepository } from '../oauth/revocations.repository.ts';
import type { SessionsRepository } from '../sessions/sessions.repository.ts';
import type { UsageRepository } from '../usage/usage.repository.ts';
import { firstKeptDay } from '../usage/usage.service.ts';
import type { CleanupJob } from './housekeeping.ts';

/** A limit's counter is kept this long after its window ends (a window being renewed meanwhile is left alone). */
const LIMITS_MARGIN_MS = 5 * 60_000;

const DAY_MS = 24 * 60 * 60 * 1000;

/** A dismissed notice is kept this long (a person who dismissed one by mistake can still be told what it said). */
const DISMISSED_AVISO_DAYS = 30;
/** Any notice is kept this long: past it, the event it is about is old history (the audit trail keeps the key's). */
const AVISO_DAYS = 180;

export interface CleanupRepositories {
  sessions: SessionsRepository;
  idempotency: IdempotencyRepository;
  revocations: RevocationsRepository;
  limits: LimitsRepository;
  audit: AuditRepository;
  usage: UsageRepository;
  avisos: AvisosRepository;
}

export interface Retention {
  /** How long a revocation entry is kept: longer than any process may still need to read it. */
  revocationsMs: number;
  /** Audit events older than this many days are removed; undefined keeps them all. */
  auditDays: number | undefined;
}

/** Each table that would otherwise grow for ever, with what "expired" means for it. */
export function cleanupJobs(repos: CleanupRepositories, retention: Retention): CleanupJob[] {
  const ago = (now: Date, ms: number) => new Date(now.getTime() - ms);
  const jobs: CleanupJob[] = [
    { name: 'sessions', deleteExpired: (now, limit) => repos.sessions.deleteExpired(now, limit) },
    {
      name: 'idempotency_keys',
      deleteExpired: (now, limit) => repos.idempotency.deleteCreatedBefore(ago(now, IDEMPOTENCY_TTL_MS), limit),
    },
    {
      name: 'credential_revocations',
      deleteExpired: (now, limit) => repos.revocations.deleteBefore(ago(now, retention.revocationsMs), limit),
    },
    { name: 'auth_limits', deleteExpired: (now, limit) => repos.limits.deleteExpired(now.getTime() - LIMITS_MARGIN_MS, limit) },
    { name: 'uso_integracoes', deleteExpired: (now, limit) => repos.usage.deleteBefore(firstKeptDay(now), limit) },
    {
      name: 'avisos',
      deleteExpired: (now, limit) =>
        repos.avisos.deleteExpired(ago(now, DISMISSED_AVISO_DAYS * DAY_MS), ago(now, AVISO_DAYS * DAY_MS), limit),
    },
  ];
  const { auditDays } = retention;
  if (auditDays !== undefined) {
    jobs.push({ name: 'audit_events', deleteExpired: (now, limit) => repos.audit.deleteBefore(ago(now, auditDays * DAY_MS), limit) });
  }
  return jobs;
}
