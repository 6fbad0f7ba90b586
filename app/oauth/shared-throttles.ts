import cluster from 'node:cluster';
import type { BlockList } from '../limits/block-list.ts';

const MESSAGE = 'cidades:client-auth-block';

interface BlockMessage {
  type: typeof MESSAGE;
  key: string;
  until: number;
}

function isBlockMessage(message: unknown): message is BlockMessage {
  const m = message as Partial<BlockMessage> | null;
  return m?.type === MESSAGE && typeof m.key === 'string' && typeof m.until === 'number';
}

/**
 * In a server process of `npm start` (a node:cluster worker): announces each block this process counted to the others,
 * through the primary, and keeps theirs, so the instance's processes know a block within milliseconds rather than at
 * the next read of the database (client-auth-limits.ts). Elsewhere (a single process, the tests) nothing to do.
 */
export function shareBlocks(blocks: BlockList): void {
  if (!cluster.isWorker) return;
  blocks.onAnnounce((key, until) => process.send?.({ type: MESSAGE, key, until } satisfies BlockMessage));
  process.on('message', (message: unknown) => {
    if (isBlockMessage(message)) blocks.add(message.key, message.until);
  });
}

/** In the primary: passes each server process's blocks on to the others. */
export function relayFailures(): void {
  cluster.on('message', (from, message: unknown) => {
    if (!isBlockMessage(message)) return;
    for (const worker of Object.values(cluster.workers ?? {})) if (worker && worker !== from && worker.isConnected()) worker.send(message);
  });
}
