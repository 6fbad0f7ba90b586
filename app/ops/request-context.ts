import { AsyncLocalStorage } from 'node:async_hooks';

/** The id of the request being served, carried through its callbacks and promises (Node 24's AsyncContextFrame). */
const storage = new AsyncLocalStorage<string>();

/** Runs `fn` as part of request `id`: every log line written from it, however deep, carries the id. */
export function runInRequest<T>(id: string, fn: () => T): T {
  return storage.run(id, fn);
}

/** The id of the request this code runs for, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore();
}
