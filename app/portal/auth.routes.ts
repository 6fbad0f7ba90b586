import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type passport from 'passport';
import { type AppError, TooManyRequestsError, ValidationError } from '../errors/app-error.ts';
import type { PortalDeps } from './deps.ts';
import type { User } from '../users/users.repository.ts';
import { firstAdminSchema } from '../users/users.schemas.ts';
import { formErrors, formFields, parseForm } from './forms.ts';
import { callerOf, flash } from './request.ts';

const messages = {
  signedOut: 'Você saiu do portal.',
  setupDone: 'Administrador criado. Entre com o e-mail e a senha que você cadastrou.',
};

/** Only local paths are followed after sign-in, never another site. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?!\/)[^\\]*$/.test(value) ? value : '/unidades-gestoras';
}

/** The sign-in page; a refusal's messages go to its error summary, once (a refusal of no field, too many attempts, as `_`). */
function renderLogin(res: Response, status: number, values: Record<string, unknown>, err?: AppError): void {
  const errors = err instanceof ValidationError ? err.fields : err ? { _: err.message } : {};
  res.status(status).render('auth/login', { title: 'Entrar', values, errors });
}

export function createAuthRoutes({ services }: PortalDeps, authenticator: passport.Authenticator): Router {
  const router = express.Router();

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, safeNext(req.query.next));
    renderLogin(res, 200, { next: safeNext(req.query.next) });
  });

  router.post('/login', (req: Request, res: Response, next: NextFunction) => {
    const body = req.body as Record<string, unknown>;
    const values = { email: body.email, next: safeNext(body.next) };
    authenticator.authenticate('local', { session: true }, (err: unknown, user: User | false) => {
      if (err instanceof TooManyRequestsError) {
        res.setHeader('Retry-After', String(err.retryAfterSeconds));
        return renderLogin(res, 429, values, err);
      }
      if (err instanceof ValidationError) return renderLogin(res, 401, values, err);
      if (err) return next(err);
      if (!user) return renderLogin(res, 400, values, new ValidationError({ email: 'Informe o e-mail.', password: 'Informe a senha.' }));
      req.logIn(user, (loginErr) => (loginErr ? next(loginErr) : res.redirect(303, values.next)));
    })(req, res, next);
  });

  router.post('/logout', async (req, res) => {
    if (!req.user) return res.redirect(303, '/login');
    const caller = callerOf(req);
    await new Promise<void>((resolve, reject) => req.logOut((err) => (err ? reject(err) : resolve())));
    await services.users.recordLogout(caller);
    flash(req, 'info', messages.signedOut);
    res.redirect(303, '/login');
  });

  router.get('/setup/:token', async (req, res) => {
    await services.setup.assertValidToken(req.params.token);
    res.render('auth/setup', { title: 'Configuração inicial', values: {}, errors: {} });
  });

  router.post('/setup/:token', async (req, res) => {
    const values = formFields(req, ['nome', 'cpf', 'email', 'password', 'passwordConfirmation'] as const);
    try {
      await services.setup.createFirstAdmin(req.params.token, parseForm(firstAdminSchema, values), req.ip ?? null);
    } catch (err) {
      const { status, errors } = formErrors(err);
      // A form's errors are shown only through a link that still works.
      await services.setup.assertValidToken(req.params.token);
      return res
        .status(status)
        .render('auth/setup', { title: 'Configuração inicial', values: { ...values, password: '', passwordConfirmation: '' }, errors });
    }
    flash(req, 'success', messages.setupDone);
    res.redirect(303, '/login');
  });

  return router;
}
