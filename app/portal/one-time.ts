import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { noStore } from './request.ts';

/** How long a one-time result waits for its page: the redirect after the POST asks for it at once. */
const ONE_TIME_TTL_MS = 10 * 60 * 1000;
const KEY_BYTES = 32;

/**
 * One-time results — a new client secret, a password link — under Post/Redirect/Get: the POST keeps its result here and
 * redirects to a GET page, which takes it (shows it once); a reload, Back or a second tab find nothing and say so, and
 * nothing is renewed or issued again. The result waits in the session, which is a database row, so it is kept there
 * encrypted (AES-256-GCM) under a key only the browser holds, in an HttpOnly cookie: neither the database nor the
 * server's own secrets reveal it, and it never appears in an address or a log.
 */
export function createOneTimeResults(publicUrl: string) {
  const https = publicUrl.startsWith('https:');
  const cookieName = https ? '__Host-cidades.once' : 'cidades.once';

  function browserKey(req: Request): Buffer | null {
    for (const part of req.headers.cookie?.split(';') ?? []) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === cookieName) {
        const key = Buffer.from(part.slice(eq + 1).trim(), 'base64url');
        return key.length === KEY_BYTES ? key : null;
      }
    }
    return null;
  }

  return {
    /** Keeps `value` for the one GET of `path` that follows (call it before redirecting there). */
    keep(req: Request, res: Response, path: string, value: object): void {
      const key = browserKey(req) ?? randomBytes(KEY_BYTES);
      res.cookie(cookieName, key.toString('base64url'), {
        httpOnly: true,
        sameSite: 'strict',
        secure: https,
        path: '/',
        maxAge: ONE_TIME_TTL_MS,
      });
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(path));
      const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
      const now = Date.now();
      const kept = Object.entries(req.session.oneTime ?? {}).filter(([p, r]) => p !== path && r.expiresAt > now);
      const entry = { iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), sealed: sealed.toString('base64url') };
      req.session.oneTime = Object.fromEntries([...kept, [path, { ...entry, expiresAt: now + ONE_TIME_TTL_MS }]]);
    },

    /**
     * The result kept for `path`, removed from the session as it is read (null if there is none, it expired, or this
     * browser lacks its key). The page showing it, or saying it was already shown, is never cached.
     */
    take<T extends object>(req: Request, res: Response, path: string): T | null {
      noStore(res);
      const entry = req.session.oneTime?.[path];
      if (!entry) return null;
      delete req.session.oneTime?.[path];
      const key = browserKey(req);
      if (!key || entry.expiresAt <= Date.now()) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(entry.iv, 'base64url')).setAAD(Buffer.from(path));
        decipher.setAuthTag(Buffer.from(entry.tag, 'base64url'));
        const plain = Buffer.concat([decipher.update(Buffer.from(entry.sealed, 'base64url')), decipher.final()]);
        return JSON.parse(plain.toString('utf8')) as T;
      } catch {
        return null;
      }
    },
  };
}

export type OneTimeResults = ReturnType<typeof createOneTimeResults>;
