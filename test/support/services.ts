import { integrationCaller, userCaller, type Caller, type ScopedCaller } from '../../app/caller.ts';
import { AppError } from '../../app/errors/app-error.ts';
import type { User } from '../../app/users/users.repository.ts';

/** A signed-in user as the caller of a service call, from a fixed documentation address. */
export const callerFor = (user: User): Caller => userCaller(user, '203.0.113.7');

/** A key of UG `ugId` that reads `visibleUgIds`, as the API builds it from a token. */
export const keyCaller = (ugId: number, visibleUgIds: readonly number[], clientId = 'cid_chaveDeTeste'): ScopedCaller =>
  integrationCaller({ clientId, ugId, scopes: ['leitura', 'escrita'] }, visibleUgIds, '203.0.113.7');

/** The AppError a service call rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejects(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}
