import express, { type Router } from 'express';
import { passwordConfirmationSchema } from '../users/users.schemas.ts';
import type { PortalDeps } from './deps.ts';
import { formErrors, formFields, parseForm } from './forms.ts';
import { flash, noStore } from './request.ts';

const title = 'Definir senha';
const messages = { done: 'Senha definida. Entre com seu e-mail e a nova senha.' };

/** `/redefinir-senha/:token`: the page a one-time password link opens; the link works once, then it is refused. */
export function createPasswordLinkRoutes({ services }: PortalDeps): Router {
  const router = express.Router();
  const links = services.passwordLinks;

  router.get('/redefinir-senha/:token', async (req, res) => {
    const user = await links.userOf(req.params.token);
    noStore(res);
    res.render('auth/password', { title, email: user.email, errors: {} });
  });

  router.post('/redefinir-senha/:token', async (req, res) => {
    const values = formFields(req, ['password', 'passwordConfirmation'] as const);
    try {
      await links.setPassword(req.params.token, parseForm(passwordConfirmationSchema, values), req.ip ?? null);
    } catch (err) {
      const { status, errors } = formErrors(err);
      const user = await links.userOf(req.params.token);
      noStore(res);
      return res.status(status).render('auth/password', { title, email: user.email, errors });
    }
    flash(req, 'success', messages.done);
    res.redirect(303, '/login');
  });

  return router;
}
