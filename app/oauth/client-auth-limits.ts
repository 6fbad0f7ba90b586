import type { DatabaseAvailability } from '../db/availability.ts';
import { BlockList } from '../limits/block-list.ts';
import { limitAddress } from '../limits/limit-address.ts';
import { secondsUntil, type Count, type Limiter, type LimitSpec } from '../limits/limiter.ts';
import type { Limits } from '../limits/limits.ts';
import { shareBlocks } from './shared-throttles.ts';

/**
 * Failed client authentications allowed per minute. Only failures count: a client that presents its right secret is
 * never counted, however many tokens it asks for.
 * - per (client id, address): that address is refused for that client id, and only for it;
 * - per address: that address is refused for every client id;
 * - per client id: past it, every address that fails for that client id is refused for it from that failure on, so
 *   many addresses together get at most `client` + one failure each per minute; an address that has not failed for
 *   that client id (its owner, with the right secret) is never refused. Knowing a client id is not enough to lock
 *   its owner out: the owner's own address would have to fail.
 */
export const clientAuthLimits = {
  pair: { name: 'client-address', points: 10, windowSeconds: 60 },
  address: { name: 'address', points: 50, windowSeconds: 60 },
  client: { name: 'client', points: 100, windowSeconds: 60 },
} as const satisfies Record<string, LimitSpec>;

/**
 * How often each process reads the blocks in the database: those counted by other instances. The processes of one
 * instance tell each other at once (shared-throttles.ts), and the count itself is atomic in the database, so across
 * N instances an attacker gets at most the limit plus what the other instances accept in one poll interval (their
 * requests from the blocked address before they read the block); the very attempt past the limit is refused on
 * whichever instance makes it (see fail). Attempts sent all at once, before the first of them is counted, are all
 * checked (each one past the limit is still answered 429): with 256-bit secrets that buys no useful guess, and what
 * these limits are for is to stop the noise without ever stopping the key's owner.
 */
export const BLOCK_POLL_MS = 1_000;
/** A failure's answer waits this long at most for the count (a slow database delays no one for longer). */
const COUNT_WAIT_MS = 500;

/** A client id as counted: bounded, since anyone may send any text as one (ours are ~26 characters). */
const countedClientId = (clientId: string) => clientId.slice(0, 100);

/**
 * The failed-client-authentication limits of the token endpoint. The check before a request (retryAfter) is in memory;
 * only failures reach the database (rate-limiter-flexible, counted atomically for every process and instance), and a
 * count that reaches a limit becomes a block known to this process at once, to its siblings through node:cluster, and
 * to other instances at their next read (BLOCK_POLL_MS).
 */
export class ClientAuthLimits {
  private readonly blocks = new BlockList();
  private readonly pair: Limiter;
  private readonly address: Limiter;
  private readonly client: Limiter;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: Limits,
    private readonly availability: Pick<DatabaseAvailability, 'report'>,
  ) {
    this.pair = limits.limiter(clientAuthLimits.pair);
    this.address = limits.limiter(clientAuthLimits.address);
    this.client = limits.limiter(clientAuthLimits.client);
    shareBlocks(this.blocks);
  }

  /** Seconds this client id must wait from this address before trying again, or 0; from memory only. */
  retryAfter(clientId: string | undefined, address: string, now = Date.now()): number {
    if (this.blocks.empty) return 0;
    const counted = limitAddress(address);
    const byAddress = this.blocks.secondsLeft(this.address.storedKey(counted), now);
    if (clientId === undefined) return byAddress;
    return Math.max(byAddress, this.blocks.secondsLeft(this.pair.storedKey(pairKey(countedClientId(clientId), counted)), now));
  }

  /**
   * Counts a failed authentication. Resolves with the seconds to wait when this failure was itself past a limit (it is
   * answered 429, whichever instance took it), else 0. Never rejects, and resolves within COUNT_WAIT_MS: when the
   * database is slow or down the failure is logged and the answer goes out.
   */
  fail(clientId: string | undefined, address: string): Promise<number> {
    const counting = this.count(clientId === undefined ? undefined : countedClientId(clientId), limitAddress(address)).catch(
      (err: unknown) => {
        this.availability.report(err, 'could not count a failed client authentication');
        return 0;
      },
    );
    return Promise.race([counting, new Promise<number>((resolve) => setTimeout(resolve, COUNT_WAIT_MS, 0).unref())]);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), BLOCK_POLL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reads the blocks every instance counted (ended windows are removed by the scheduled clean-up, app/housekeeping/). */
  async poll(now = Date.now()): Promise<void> {
    try {
      for (const block of await this.limits.repository.activeBlocks([clientAuthLimits.pair, clientAuthLimits.address], now))
        this.blocks.add(block.key, block.until, now);
    } catch (err) {
      this.availability.report(err, 'could not read the blocks of failed client authentications');
    }
  }

  private async count(clientId: string | undefined, address: string): Promise<number> {
    const key = clientId === undefined ? undefined : pairKey(clientId, address);
    const [byAddress, byPair, byClient] = await Promise.all([
      this.address.consume(address),
      key === undefined ? undefined : this.pair.consume(key),
      clientId === undefined ? undefined : this.client.consume(clientId),
    ]);
    const refused: Count[] = [];
    if (byAddress.reached) this.blocks.announce(this.address.storedKey(address), byAddress.until);
    if (byAddress.over) refused.push(byAddress);
    if (key !== undefined && byPair) {
      if (byPair.reached) this.blocks.announce(this.pair.storedKey(key), byPair.until);
      else if (byClient?.reached) {
        // Past the client id's limit, an address that fails for it is refused for it, until the client's window ends.
        await this.pair.block(key, byClient.until);
        this.blocks.announce(this.pair.storedKey(key), byClient.until);
      }
      if (byPair.over) refused.push(byPair);
      // It had failed for this client id before, and the client id is past its limit: refused as well.
      else if (byClient?.over && byPair.count > 1) refused.push(byClient);
    }
    return refused.length === 0 ? 0 : Math.max(...refused.map((c) => secondsUntil(c.until)));
  }
}

const pairKey = (clientId: string, address: string) => `${clientId}|${address}`;
