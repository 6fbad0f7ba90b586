import type { RevocationsRepository } from './revocations.repository.ts';

interface Entry {
  validFromVersion: number | null;
  receivedAt: number;
}

const BATCH = 1000;

/**
 * Each instance's copy of recent credential revocations, refreshed by polling the append-only log: a token of a
 * renewed, deleted or blocked key is refused within `pollMs` (plus one query) on every instance, with no database
 * query per API request.
 */
export class RevocationCache {
  private lastId = 0;
  private readonly entries = new Map<string, Entry>();
  private timer: NodeJS.Timeout | undefined;
  private loaded: Promise<void> | undefined;
  private readonly listeners: ((clientId: string) => void)[] = [];

  constructor(
    private readonly repo: RevocationsRepository,
    /** Revocations older than this cannot matter: every token issued before them has expired. */
    private readonly windowMs: number,
    readonly pollMs: number,
  ) {}

  async refresh(now = Date.now()): Promise<void> {
    for (;;) {
      const batch = await this.repo.listAfter(this.lastId, new Date(now - this.windowMs), BATCH);
      for (const r of batch) {
        this.entries.set(r.clientId, { validFromVersion: r.validFromVersion, receivedAt: now });
        this.lastId = r.id;
        for (const listener of this.listeners) listener(r.clientId);
      }
      if (batch.length < BATCH) break;
    }
    for (const [clientId, entry] of this.entries) {
      if (now - entry.receivedAt > this.windowMs) this.entries.delete(clientId);
    }
  }

  /** Called with the client id of each revocation read from the log, including other processes'. */
  onRevocation(listener: (clientId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Resolves once the log has been read at least once: no token is accepted before that. */
  ready(): Promise<void> {
    this.loaded ??= this.refresh().catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  /** Whether a token minted for the given secret version of this client must be refused. */
  isRevoked(clientId: string, secretVersion: number): boolean {
    const entry = this.entries.get(clientId);
    if (!entry) return false;
    return entry.validFromVersion === null || secretVersion < entry.validFromVersion;
  }

  start(onError: (err: unknown) => void): void {
    this.timer ??= setInterval(() => void this.refresh().catch(onError), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
