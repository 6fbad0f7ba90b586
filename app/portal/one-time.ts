import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import type { Request, Response } from 'express';
import { noStore } from './request.ts';
import type { SealedResult } from './types.ts';

/** How long a one-time result waits for its page: the redirect after the POST asks for it at once. */
const ONE_TIME_TTL_MS = 10 * 60 * 1000;
/**
 * How long after its page took a result the same form sent again (a double click: the browser drops the first
 * answer, whose page the server has already served) still finds that result, instead of "already shown".
 */
const REPLAY_MS = 30 * 1000;
/** How long, at most, the page a second sending redirected to waits for the first sending's result to be saved. */
const SETTLE_WAITS = 10;
const SETTLE_WAIT_MS = 100;

/**
 * One-time results — a new client secret, a password link — under Post/Redirect/Get: the POST keeps its result here and
 * redirects to a GET page, which takes it (shows it once); a reload, Back or a second tab find nothing and say so, and
 * nothing is renewed or issued again.
 *
 * The result waits in the session, which is a database row, so it is kept there encrypted (AES-256-GCM) under a key
 * derived from the session's id, which only the browser holds (its HttpOnly cookie; the database keeps the id's SHA-256
 * only): neither the database nor the server's own secrets reveal it, and it never appears in an address or a log.
 * The key needs no cookie of its own, so a browser that drops an answer (a double click) still has it.
 *
 * A double click sends the form twice: the first POST does the work, and its page may be served to a browser that has
 * already dropped it for the second POST, which finds the work done. That POST's redirect names the form's `origin`
 * (what it was confirming: the time of the secret it showed), and for a few seconds the page it leads to shows the
 * result taken by the same form once more, to the same browser only. A reload of either page still finds nothing.
 */
function keyOf(req: Request): Buffer {
  return createHmac('sha256', req.sessionID).update('cidades.one-time-result').digest();
}

/** The session read again from its store (false when it is gone: signed out meanwhile). */
function reloaded(req: Request): Promise<boolean> {
  return new Promise((resolve) => req.session.reload((err: unknown) => resolve(!err)));
}

/** Keeps `value` for the one GET of `path` that follows. */
function keep(req: Request, path: string, value: object, origin?: string): void {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(req), iv).setAAD(Buffer.from(path));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  const now = Date.now();
  const others = Object.entries(req.session.oneTime ?? {}).filter(([p, r]) => p !== path && r.expiresAt > now);
  const entry: SealedResult = {
    iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
    sealed: sealed.toString('base64url'),
    expiresAt: now + ONE_TIME_TTL_MS,
    ...(origin === undefined ? {} : { origin }),
  };
  req.session.oneTime = Object.fromEntries([...others, [path, entry]]);
}

function unseal<T>(req: Request, path: string, entry: SealedResult): T | null {
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(req), Buffer.from(entry.iv, 'base64url')).setAAD(Buffer.from(path));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64url'));
    const plain = Buffer.concat([decipher.update(Buffer.from(entry.sealed, 'base64url')), decipher.final()]);
    return JSON.parse(plain.toString('utf8')) as T;
  } catch {
    return null;
  }
}

export const oneTime = {
  /**
   * Answers a POST: keeps its `result` (null when the form found its work done) for the one GET of `path` that
   * follows, and redirects there. `origin` names what the form confirmed, so a second sending of it finds the first
   * one's result.
   */
  redirect(req: Request, res: Response, path: string, result: object | null, origin?: string): void {
    if (result) keep(req, path, result, origin);
    res.redirect(303, !result && origin ? `${path}?${new URLSearchParams({ de: origin })}` : path);
  },

  /**
   * The result kept for `path`, once (null if there is none, it was shown already, or it expired); or again, for a
   * few seconds after it was shown, on the page a second sending of its form redirected to (`?de=` its origin). The
   * page showing it, or saying it was already shown, is never cached.
   */
  async take<T extends object>(req: Request, res: Response, path: string): Promise<T | null> {
    noStore(res);
    const replayOf = typeof req.query.de === 'string' ? req.query.de : undefined;
    // A second sending can be answered before the first one's session is saved: its page waits for it, briefly.
    for (let wait = 0; replayOf !== undefined && !req.session.oneTime?.[path] && wait < SETTLE_WAITS; wait++) {
      await setTimeout(SETTLE_WAIT_MS);
      if (!(await reloaded(req))) return null;
    }
    const results = req.session.oneTime;
    const entry = results?.[path];
    if (!results || !entry) return null;
    const now = Date.now();
    const replay = entry.takenAt !== undefined && entry.origin !== undefined && replayOf === entry.origin;
    if (entry.expiresAt <= now || (entry.takenAt !== undefined && !replay)) {
      delete results[path];
      return null;
    }
    // Shown now. Kept a few seconds for a second sending of the same form only, unless this is that sending's page.
    if (replay || entry.origin === undefined || replayOf !== undefined) delete results[path];
    else results[path] = { ...entry, takenAt: now, expiresAt: Math.min(entry.expiresAt, now + REPLAY_MS) };
    return unseal<T>(req, path, entry);
  },
};
