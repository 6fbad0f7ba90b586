import session from 'express-session';
import type { SessionsRepository } from './sessions.repository.ts';

/** How long a portal session lasts without a request (the cookie's maxAge, renewed by each request). */
export const SESSION_TTL_MS = 8 * 60 * 60 * 1000;

function expiresAt(data: session.SessionData): Date {
  const expires = data.cookie?.expires;
  return expires ? new Date(expires) : new Date(Date.now() + SESSION_TTL_MS);
}

function userIdOf(data: session.SessionData): number | null {
  const user = (data as { passport?: { user?: unknown } }).passport?.user;
  return typeof user === 'number' ? user : null;
}

/** express-session store over the `sessions` table, so every instance on the same database shares sessions. */
export class DatabaseSessionStore extends session.Store {
  constructor(private readonly repo: SessionsRepository) {
    super();
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    this.repo.find(sid).then(
      (raw) => callback(null, raw === null ? null : (JSON.parse(raw) as session.SessionData)),
      (err: unknown) => callback(err),
    );
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    this.repo.upsert(sid, JSON.stringify(data), userIdOf(data), expiresAt(data)).then(() => callback?.(), callback);
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    this.repo.touch(sid, expiresAt(data)).then(
      () => callback?.(),
      () => callback?.(),
    );
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.repo.delete(sid).then(() => callback?.(), callback);
  }
}
