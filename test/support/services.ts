import type { Actor } from '../../app/audit/actor.ts';
import { AppError } from '../../app/errors/app-error.ts';
import type { User } from '../../app/users/users.repository.ts';

/** A signed-in user as the actor of a service call, from a fixed documentation address. */
export const actorFor = (user: User): Actor => ({ userId: user.id, nome: user.nome, isAdmin: user.isAdmin, ip: '203.0.113.7' });

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
