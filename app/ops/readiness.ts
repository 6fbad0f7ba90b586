import { DatabaseTimeoutError, type DatabaseHealthRepository } from './database-health.repository.ts';

/** Shorter than a load balancer's usual probe timeout (kubelet's default is 1 s: set it to 3 s), longer than a busy pool's wait. */
export const DATABASE_PING_TIMEOUT_MS = 2_000;

const reasons = {
  databaseTimeout: `o banco de dados não respondeu em ${DATABASE_PING_TIMEOUT_MS / 1000} s`,
  databaseDown: 'o banco de dados está inacessível',
  starting: 'o servidor de tokens ainda está carregando as integrações',
  noSigningKey: 'nenhuma chave de assinatura de tokens foi carregada',
};

export type CheckName = 'database' | 'tokenEndpoint' | 'signingKey';

/** Each check: `ok`, or why it fails (pt-BR, for the operator reading the probe's answer). */
export type ReadinessReport = { ready: boolean; checks: Record<CheckName, string> };

export interface ReadinessSources {
  database: Pick<DatabaseHealthRepository, 'ping'>;
  /** The app's `ready`: the token endpoint has built the client of every active key. */
  started: Promise<void>;
  signingKeyLoaded(): boolean;
}

/** Whether this process can serve: its database answers, its token endpoint is built and can sign. */
export class Readiness {
  private started = false;

  constructor(private readonly sources: ReadinessSources) {
    void sources.started.then(() => {
      this.started = true;
    });
  }

  async check(): Promise<ReadinessReport> {
    const database = await this.sources.database.ping(DATABASE_PING_TIMEOUT_MS).then(
      () => 'ok',
      (err: unknown) => (err instanceof DatabaseTimeoutError ? reasons.databaseTimeout : reasons.databaseDown),
    );
    const checks = {
      database,
      tokenEndpoint: this.started ? 'ok' : reasons.starting,
      signingKey: this.sources.signingKeyLoaded() ? 'ok' : reasons.noSigningKey,
    };
    return { ready: Object.values(checks).every((value) => value === 'ok'), checks };
  }
}
