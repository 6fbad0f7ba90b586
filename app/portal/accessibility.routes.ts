import express, { type Request, type Router } from 'express';

/** The high-contrast preference: a cookie the page's script also writes, so a toggle needs no reload. */
export const CONTRAST_COOKIE = 'cidades.contraste';
const CONTRAST_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The pages with a search or filter form, and its first field: where "Ir para a busca" leads. */
const searchFields: Record<string, string> = {
  '/unidades-gestoras': 'q',
  '/admin/unidades-gestoras': 'q',
  '/admin/usuarios': 'q',
  '/admin/integracoes': 'ug',
  '/admin/auditoria': 'ug',
};

export function highContrastOf(req: Request): boolean {
  return (req.headers.cookie ?? '').split(/;\s*/).includes(`${CONTRAST_COOKIE}=alto`);
}

export function searchFieldOf(path: string): string | null {
  return searchFields[path] ?? null;
}

/** Only a path of this site: never `//host` or a full address (an open redirect). */
function localPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/';
}

/** eMAG's accessibility page, and the high-contrast toggle as it works without JavaScript (a GET form). */
export function createAccessibilityRoutes(): Router {
  const router = express.Router();
  router.get('/acessibilidade', (_req, res) => res.render('accessibility/index', { title: 'Acessibilidade' }));
  router.get('/acessibilidade/contraste', (req, res) => {
    const on = !highContrastOf(req);
    res.cookie(CONTRAST_COOKIE, on ? 'alto' : 'normal', { path: '/', maxAge: CONTRAST_MAX_AGE_SECONDS * 1000, sameSite: 'lax' });
    res.redirect(303, localPath(req.query.voltar));
  });
  return router;
}
