import { Counter, type Registry } from 'prom-client';

/** Refusals an operator watches for from the first one (rate() needs a series that existed before). */
const KNOWN_REASONS = ['invalid_client', 'invalid_request', 'invalid_scope', 'temporarily_unavailable'];

/** Tokens issued, and refused by RFC 6749 error code (the token endpoint's own, a bounded set). */
export class TokenMetrics {
  private readonly issuedTotal: Counter;
  private readonly refusedTotal: Counter<'reason'>;

  constructor(registry: Registry) {
    this.issuedTotal = new Counter({ name: 'cidades_tokens_issued_total', help: 'Access tokens issued.', registers: [registry] });
    this.refusedTotal = new Counter({
      name: 'cidades_tokens_refused_total',
      help: 'Token requests refused, by the error code answered (invalid_request includes those past a failure limit, 429; temporarily_unavailable: the database away, 503).',
      labelNames: ['reason'],
      registers: [registry],
    });
    for (const reason of KNOWN_REASONS) this.refusedTotal.inc({ reason }, 0);
  }

  issued(): void {
    this.issuedTotal.inc();
  }

  refused(reason: string): void {
    this.refusedTotal.inc({ reason });
  }
}
