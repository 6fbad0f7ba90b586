import type { JobLogger, JobRun, LeasedJob } from '../jobs/leased-schedule.ts';
import { AVISO_KINDS } from './aviso.ts';
import type { AvisosRepository } from './avisos.repository.ts';
import type { Mailer } from './mailer.ts';
import { noticeMail } from './notice-mail.ts';
import type { RenewalWarningsRepository } from './renewal-warnings.repository.ts';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Graces that ended longer ago than this are not warned about: a first run (or a run after a long outage) does not mail
 * about old history. Three days cover a weekend with the job stopped.
 */
const GRACE_NOTICE_HORIZON_MS = 3 * DAY_MS;
/** An old secret used this close to its grace's end was probably still in use: its owner is warned. */
const RECENT_USE_MS = HOUR_MS;
/** A mail not sent (SMTP away) is tried again at every run for this long after its notice, then left to the portal. */
const MAIL_RETRY_MS = 2 * DAY_MS;
/** Mails per run: a backlog goes over a few runs. */
const MAILS_PER_RUN = 50;

export interface NoticesJobDeps {
  avisos: AvisosRepository;
  renewalWarnings: RenewalWarningsRepository;
  /** Undefined without SMTP_URL: the notices stay in the portal. */
  mailer: Mailer | undefined;
  publicUrl: string;
}

/**
 * The notices job (once per instance group, app/jobs): records the notices of the events that happened, each once
 * (the unique key of avisos), and then sends the e-mail of those not sent, marking each sent right after the SMTP
 * server accepted it. A process that crashed between the two would send that one mail again; nothing else does.
 */
export class NoticesJob implements LeasedJob {
  readonly name = 'notices';

  constructor(private readonly deps: NoticesJobDeps) {}

  async run({ now, logger, stillHeld }: JobRun): Promise<void> {
    await this.recordGracesEnded(now, logger);
    if (this.deps.mailer) await this.sendPending(this.deps.mailer, { now, logger, stillHeld });
  }

  /**
   * "When a grace ends while the old secret was used in its last hour, the gestor is warned." The UG's current gestor
   * only, for now; a UG without one has nobody to warn (the expiry warnings will escalate to the aggregator's gestor:
   * the recipients are chosen in RenewalWarningsRepository.gracesEnded).
   */
  private async recordGracesEnded(now: Date, logger: JobLogger): Promise<void> {
    const ended = await this.deps.renewalWarnings.gracesEnded(new Date(now.getTime() - GRACE_NOTICE_HORIZON_MS), now);
    for (const key of ended) {
      if (key.lastUsedAt.getTime() < key.validUntil.getTime() - RECENT_USE_MS) continue;
      const recorded = await this.deps.avisos.record(
        {
          userId: key.gestorUserId,
          ugId: key.ugId,
          kind: AVISO_KINDS.graceEnded,
          integracaoId: key.integracaoId,
          eventAt: key.validUntil,
          data: {
            ugCodigo: key.ugCodigo,
            ugNome: key.ugNome,
            descricao: key.descricao,
            clientId: key.clientId,
            secretHint: key.secretHint,
            validUntil: key.validUntil.toISOString(),
            lastUsedAt: key.lastUsedAt.toISOString(),
            lastUsedIp: key.lastUsedIp,
          },
        },
        now,
      );
      if (recorded) logger.info({ integracaoId: key.integracaoId, userId: key.gestorUserId }, 'grace ended notice recorded');
    }
  }

  /** Sends the pending mails in order; stops at the first failure (the SMTP server away), to try again next run. */
  private async sendPending(mailer: Mailer, { now, logger, stillHeld }: JobRun): Promise<void> {
    const pending = await this.deps.avisos.pendingMail(new Date(now.getTime() - MAIL_RETRY_MS), MAILS_PER_RUN);
    for (const aviso of pending) {
      if (!(await stillHeld())) return;
      try {
        await mailer.send(noticeMail(aviso, this.deps.publicUrl));
      } catch (err) {
        logger.warn({ err, avisoId: aviso.id }, 'could not send a notice e-mail; trying again at the next run');
        return;
      }
      await this.deps.avisos.markEmailed(aviso.id, aviso.email, new Date());
      logger.info({ avisoId: aviso.id, userId: aviso.userId, kind: aviso.kind }, 'notice e-mail sent');
    }
  }
}
