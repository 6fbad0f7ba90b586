import type { Permissao } from '../integrations/integrations.schemas.ts';
import type { Revocation, RevocationCursor, RevocationsRepository, RevocationSubscription, Standing } from './revocations.repository.ts';

interface Entry extends Standing {
  /** The log's id of the entry in force: of two entries for one key, the later written wins, whatever order they arrive in. */
  id: number;
  /** Kept a token lifetime past this (epoch ms): when it was taken in, or its grace's end if later. */
  relevantUntil: number;
}

/** A key's latest permission change taken in: the log's id of its entry, the permission, and when it was taken in. */
interface PermissionChange {
  id: number;
  permissao: Permissao;
  receivedAt: number;
}

/** How often each process reads the revocation log besides PostgreSQL's notifications: the bound for other instances. */
export const REVOCATION_POLL_MS = 1_000;
/** What a process outside the servers (the command line) waits after a revocation: two polls, for a busy server. */
export const REVOCATION_SETTLE_MS = 2 * REVOCATION_POLL_MS;

/**
 * A copy whose last read is older than this is read again before it answers (current()): while the database cannot be
 * read, this process issues and accepts no token, so a key revoked by another instance meanwhile is never served.
 */
export const REVOCATION_STALE_MS = 5 * REVOCATION_POLL_MS;

/** How long after losing its LISTEN connection an instance tries again (it polls meanwhile). */
const RELISTEN_MS = 1_000;

/**
 * Each process's copy of recent credential revocations: a token of a renewed, deleted or blocked key is refused with
 * no database query per API request. Entries arrive three ways: from this instance's own changes (`apply`, before the
 * change is answered), from PostgreSQL's notifications (milliseconds), and from a poll every `pollMs` that reads the
 * log in commit order (revocations.repository.ts), so no entry is missed whatever order transactions commit in.
 */
export class RevocationCache {
  private cursor: RevocationCursor | undefined;
  private readonly entries = new Map<string, Entry>();
  /**
   * Apart from the entries in force: a later renewal with a grace, say, keeps the tokens of the previous secret valid,
   * and they must not regain `escrita` with it.
   */
  private readonly permissionChanges = new Map<string, PermissionChange>();
  /** Ids already applied that a later read can return again (PostgreSQL rereads until older transactions settle). */
  private readonly applied = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private loaded: Promise<void> | undefined;
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private subscription: RevocationSubscription | undefined;
  private relisten: NodeJS.Timeout | undefined;
  private stopped = false;
  /** When the log was last read whole (Date.now()), or 0 before the first read; and whether the latest read failed. */
  private readAt = 0;
  private readFailed = false;
  private readonly listeners: ((clientId: string) => void)[] = [];
  private lagListener: ((lagMs: number) => void) | undefined;

  constructor(
    private readonly repo: RevocationsRepository,
    /** Revocations older than this cannot matter: every token issued before them has expired. */
    private readonly windowMs: number,
    readonly pollMs: number,
  ) {}

  /** Reads what was committed since the last read; concurrent calls share one read, plus one more after it. */
  refresh(): Promise<void> {
    if (this.reading) {
      this.readAgain = true;
      return this.reading;
    }
    this.reading = (async () => {
      try {
        do {
          this.readAgain = false;
          await this.readOnce();
        } while (this.readAgain);
        this.readFailed = false;
      } catch (err) {
        this.readFailed = true;
        throw err;
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  private async readOnce(now = Date.now()): Promise<void> {
    // The first read takes in the window's past entries: how late that is says nothing about the lag.
    const first = !this.cursor;
    const read = this.cursor ? await this.repo.readFrom(this.cursor) : await this.repo.readSince(new Date(now - this.windowMs));
    this.readAt = now;
    this.cursor = read.cursor;
    this.apply(read.entries, now, !first);
    // Entries the cursor has passed are never read again.
    const { cursor } = read;
    const reread = new Set(read.entries.map((e) => e.id));
    const readAgain = 'afterId' in cursor ? (id: number) => id > cursor.afterId : (id: number) => reread.has(id);
    for (const id of this.applied) if (!readAgain(id)) this.applied.delete(id);
    for (const [clientId, entry] of this.entries) {
      if (now - entry.relevantUntil > this.windowMs) this.entries.delete(clientId);
    }
    for (const [clientId, change] of this.permissionChanges) {
      if (now - change.receivedAt > this.windowMs) this.permissionChanges.delete(clientId);
    }
  }

  /**
   * Takes in entries (read from the log, or announced by the process that wrote them); each is applied once, and how
   * long after it was written is measured (`measured`), but for the entries of the first read.
   */
  apply(revocations: Revocation[], now = Date.now(), measured = true): void {
    for (const r of revocations) {
      if (this.applied.has(r.id)) continue;
      this.applied.add(r.id);
      if (measured) this.lagListener?.(Date.now() - r.createdAt);
      const current = this.entries.get(r.clientId);
      if (!current || current.id < r.id)
        this.entries.set(r.clientId, {
          id: r.id,
          validFromVersion: r.validFromVersion,
          afterGrace: r.afterGrace,
          relevantUntil: Math.max(now, r.afterGrace?.from ?? 0),
        });
      const changed = this.permissionChanges.get(r.clientId);
      if (r.permissao !== null && (!changed || changed.id < r.id))
        this.permissionChanges.set(r.clientId, { id: r.id, permissao: r.permissao, receivedAt: now });
      for (const listener of this.listeners) listener(r.clientId);
    }
  }

  /** Called with the client id of each revocation taken in, including other processes' and instances'. */
  onRevocation(listener: (clientId: string) => void): void {
    this.listeners.push(listener);
  }

  /** Called with how long after its entry was written each revocation was taken in (milliseconds). */
  onLag(listener: (lagMs: number) => void): void {
    this.lagListener = listener;
  }

  /** Resolves once the log has been read at least once: no token is accepted before that. */
  ready(): Promise<void> {
    this.loaded ??= this.refresh().catch((err: unknown) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  /**
   * Resolves once the copy is current: read at least once, within REVOCATION_STALE_MS, and the latest read did not
   * fail (else it reads now). Rejects when the log cannot be read (the database away): the request is then answered
   * 503 rather than served on a copy that may miss a revocation, and the first request once the database is back
   * reads it again.
   */
  current(now = Date.now()): Promise<void> {
    // Every token request and API call asks: a fresh copy answers with the promise it already has, nothing more.
    if (this.loaded && !this.readFailed && now - this.readAt <= REVOCATION_STALE_MS) return this.loaded;
    return this.ready().then(() => (this.readFailed || now - this.readAt > REVOCATION_STALE_MS ? this.refresh() : undefined));
  }

  /** Whether a token minted for the given secret version of this client must be refused. */
  isRevoked(clientId: string, secretVersion: number, now = Date.now()): boolean {
    const entry = this.entries.get(clientId);
    if (!entry) return false;
    if (entry.validFromVersion === null || secretVersion < entry.validFromVersion) return true;
    const { afterGrace } = entry;
    return afterGrace !== null && now >= afterGrace.from && secretVersion < afterGrace.validFromVersion;
  }

  /**
   * Whether the client's tokens lost `escrita`: its latest permission change, within a token lifetime, lowered it to
   * `leitura` (tokens issued after it never had the scope; those of a secret renewed since are refused or, in a grace,
   * keep reading only).
   */
  lostEscrita(clientId: string): boolean {
    return this.permissionChanges.get(clientId)?.permissao === 'leitura';
  }

  /** Polls, and on PostgreSQL listens for each committed revocation (reconnecting when the connection is lost). */
  start(onError: (err: unknown) => void): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.refresh().catch(onError), this.pollMs);
    this.timer.unref();
    void this.listen(onError);
  }

  private async listen(onError: (err: unknown) => void): Promise<void> {
    if (this.stopped || this.subscription) return;
    const retry = (err: unknown) => {
      this.subscription = undefined;
      if (this.stopped) return;
      onError(err);
      this.relisten = setTimeout(() => void this.listen(onError), RELISTEN_MS);
      this.relisten.unref();
    };
    try {
      const subscription = await this.repo.subscribe(() => void this.refresh().catch(onError), retry);
      if (this.stopped) {
        await subscription?.close();
        return;
      }
      this.subscription = subscription;
    } catch (err) {
      retry(err);
      return;
    }
    // What was committed while no connection listened; a failure here is a read's, for the next poll to retry, and the
    // connection stays (closing it in retry() without that would leak it).
    if (this.subscription) await this.refresh().catch(onError);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.relisten);
    this.timer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
  }
}
