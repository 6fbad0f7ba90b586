/**
 * The token endpoint's clients by client id, each with a fingerprint of the data it was built from. Entries leave
 * when their key changes (`forget`: at once for this process's changes, within a poll of the revocation log for other
 * processes'), when a periodic full read no longer finds them active, or, past `maxEntries`, oldest first.
 */
export class ClientCache<T> {
  private readonly entries = new Map<string, { value: T; fingerprint: string }>();
  /** Bumped by every `forget`: what was read before one must not be cached. */
  private generation = 0;

  constructor(private readonly maxEntries: number) {}

  get(clientId: string): T | undefined {
    return this.entries.get(clientId)?.value;
  }

  fingerprint(clientId: string): string | undefined {
    return this.entries.get(clientId)?.fingerprint;
  }

  /** Taken before reading clients from the database, and given back to `set`. */
  snapshot(): number {
    return this.generation;
  }

  set(clientId: string, value: T, fingerprint: string, readAt: number): void {
    if (readAt !== this.generation) return;
    this.entries.delete(clientId);
    // Oldest first: a Map keeps insertion order.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(clientId, { value, fingerprint });
  }

  forget(clientId: string): void {
    this.generation += 1;
    this.entries.delete(clientId);
  }

  /** After a full read of the active keys: drops the entries it did not find. */
  retainOnly(active: Set<string>): void {
    for (const clientId of this.entries.keys()) if (!active.has(clientId)) this.forget(clientId);
  }

  get size(): number {
    return this.entries.size;
  }
}
