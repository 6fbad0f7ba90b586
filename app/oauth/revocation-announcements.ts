import type { Revocation } from './revocations.repository.ts';

export type RevocationListener = (entries: Revocation[]) => Promise<void> | void;

/**
 * Where the services that write the revocation log (a key renewed, deleted, blocked or unblocked; a UG deactivated or
 * reactivated) announce the entries once committed, and before the change is answered: the change's answer waits for
 * every listener. The server's listener applies them in this process and relays them to its siblings; the command
 * line's waits for the servers' next poll.
 */
export class RevocationAnnouncements {
  private readonly listeners: RevocationListener[] = [];

  /** Adds a listener; returns what removes it (an app that stops). */
  listen(listener: RevocationListener): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  async announce(entries: Revocation[]): Promise<void> {
    for (const listener of this.listeners) await listener(entries);
  }
}
