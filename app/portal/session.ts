import { createHmac } from 'node:crypto';
import type { NextFunction, Request, Response, Router } from 'express';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { doubleCsrf } from 'csrf-csrf';
import { SESSION_TTL_MS } from '../sessions/database-store.ts';
import { loginSchema } from '../users/users.schemas.ts';
import type { PortalDeps } from './deps.ts';
import { parseForm } from './forms.ts';

export const SESSION_COOKIE = 'cidades.sid';

/** The session's data as it would be stored, without the cookie's renewed expiry: to tell whether a request changed it. */
const sessionData = (req: Request): string | null => (req.session ? JSON.stringify({ ...req.session, cookie: undefined }) : null);

/**
 * A redirect waits until the session holds what its request put there (a one-time result, a flash, a draft).
 * express-session sends a response's headers before it has saved the session (it holds back only the body's last byte),
 * and a browser follows a redirect on its headers: the next page could read the session as it was before. On
 * PostgreSQL under load a renewal's page said "Segredo já exibido" that way, the new secret kept in a session not yet
 * written. A request that changed nothing redirects at once.
 */
function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const before = sessionData(req);
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (sessionData(req) === before) return redirect(...args);
    req.session.save((err: unknown) => (err ? next(err) : redirect(...args)));
  }) as Response['redirect'];
  next();
}

/**
 * CSRF protection without a stored session: a signed double-submit cookie (csrf-csrf), not a synchronizer token. A
 * synchronizer token lives in the session, so every anonymous page with a form (the sign-in page, the setup and
 * password links), and every probe that fetched one, stored a session row. Creating the session only on a POST would
 * not do: the form shown before it needs its token already. Here the token is an HMAC, under a key derived from the
 * session secret, of a random value and of the session id once signed in (nothing before that: sign-in regenerates
 * the session, so a token from before it is worthless after); the same token goes in an HttpOnly cookie and in the
 * form, and a POST must bring both. A cross-site page can neither read the cookie nor forge the HMAC, and the
 * `__Host-` prefix (over https) stops a sibling host from planting a cookie of its own.
 */
function createCsrf(sessionSecret: string, https: boolean) {
  const secret = createHmac('sha256', sessionSecret).update('cidades-csrf').digest('base64url');
  const cookieName = https ? '__Host-cidades.csrf' : 'cidades.csrf';
  const { doubleCsrfProtection, generateCsrfToken } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => (req.user ? req.sessionID : ''),
    cookieName,
    cookieOptions: { httpOnly: true, sameSite: 'lax', secure: https, path: '/' },
    getCsrfTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  // csrf-csrf reads `req.cookies`; this one cookie is all it needs, so no cookie parser runs over the whole header.
  const readCookie: express.RequestHandler = (req, _res, next) => {
    const value = cookieValue(req, cookieName);
    req.cookies = value === undefined ? {} : { [cookieName]: value };
    next();
  };
  return { readCookie, protection: doubleCsrfProtection, generateCsrfToken };
}

function cookieValue(req: Request, name: string): string | undefined {
  for (const part of req.headers.cookie?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Body parsing, database-backed sessions, passport and CSRF: everything a portal request goes through first. */
export function createSessionStack({ config, services, secrets }: PortalDeps): { stack: Router; authenticator: passport.Authenticator } {
  const stack = express.Router();
  const authenticator = new passport.Authenticator();

  authenticator.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password', passReqToCallback: true }, (req, email, password, done) => {
      // The sign-in form's one parse; a malformed e-mail, say, is shown next to its field as a refusal is.
      Promise.resolve({ email, password })
        .then((form) => services.users.authenticate(parseForm(loginSchema, form), req.ip ?? null))
        .then(
          (user) => done(null, user),
          (err: unknown) => done(err),
        );
    }),
  );
  authenticator.serializeUser((user, done) => done(null, user.id));
  authenticator.deserializeUser((id: unknown, done) => {
    services.users.findById(Number(id)).then(
      // A deactivated user's sessions end at their next request.
      (user) => done(null, user && user.ativo ? user : false),
      (err: unknown) => done(err),
    );
  });

  const https = config.publicUrl.startsWith('https:');
  const csrf = createCsrf(secrets.sessionSecret, https);

  stack.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }));
  stack.use(
    session({
      name: SESSION_COOKIE,
      secret: secrets.sessionSecret,
      store: services.sessions,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: https, maxAge: SESSION_TTL_MS },
    }),
  );
  stack.use(saveBeforeRedirect);
  stack.use(authenticator.initialize());
  stack.use(authenticator.session());
  stack.use(csrf.readCookie, csrf.protection);
  stack.use((req, res, next) => {
    res.locals.csrfToken = csrf.generateCsrfToken(req, res);
    res.locals.currentUser = req.user ?? null;
    res.locals.flash = req.session.flash ?? null;
    delete req.session.flash;
    next();
  });
  return { stack, authenticator };
}
