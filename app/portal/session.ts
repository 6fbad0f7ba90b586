import type { Router } from 'express';
import express from 'express';
import session from 'express-session';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { csrfSync } from 'csrf-sync';
import { SESSION_TTL_MS } from '../sessions/database-store.ts';
import { loginSchema } from '../users/users.schemas.ts';
import type { PortalDeps } from './deps.ts';
import { parseForm } from './forms.ts';

export const SESSION_COOKIE = 'cidades.sid';

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

  const { csrfSynchronisedProtection, generateToken } = csrfSync({
    getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });

  stack.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }));
  stack.use(
    session({
      name: SESSION_COOKIE,
      secret: secrets.sessionSecret,
      store: services.sessions,
      resave: false,
      saveUninitialized: false,
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: config.publicUrl.startsWith('https:'), maxAge: SESSION_TTL_MS },
    }),
  );
  stack.use(authenticator.initialize());
  stack.use(authenticator.session());
  stack.use(csrfSynchronisedProtection);
  stack.use((req, res, next) => {
    res.locals.csrfToken = generateToken(req);
    res.locals.currentUser = req.user ?? null;
    res.locals.flash = req.session.flash ?? null;
    delete req.session.flash;
    next();
  });
  return { stack, authenticator };
}
