import express, { type Router } from 'express';
import { createAdminAuditRoutes } from './admin-audit.routes.ts';
import { createAdminIntegrationsRoutes } from './admin-integrations.routes.ts';
import { createAdminUsersRoutes } from './admin-users.routes.ts';
import { createPasswordLinkRoutes } from './password-link.routes.ts';
import { createAdminUgMembersRoutes } from './admin-ug-members.routes.ts';
import { createAdminUgsRoutes } from './admin-ugs.routes.ts';
import { createAccessibilityRoutes, highContrastOf, searchFieldOf } from './accessibility.routes.ts';
import { createApiDocsRoutes } from './api-docs.routes.ts';
import { createAuthRoutes } from './auth.routes.ts';
import { createAvisosRoutes } from './avisos.routes.ts';
import type { PortalDeps } from './deps.ts';
import { createErrorPage, notFoundPage } from './errors.ts';
import { createIntegrationsRoutes } from './integrations.routes.ts';
import { auditActionLabels } from '../audit/audit-events.ts';
import { detailEntries, ipText, timeText } from '../audit/audit-format.ts';
import { formatCnpj, formatCpf } from '../documents/check-digits.ts';
import { requireLogin } from './request.ts';
import { TIME_ZONE } from '../time-zone.ts';
import { createSessionStack } from './session.ts';
import { createUgsRoutes } from './ugs.routes.ts';
import './types.ts';

/**
 * The attributes tying a form field to its error (`erro-<field>`, shown by partials/field-error) and to its hint:
 * ` aria-invalid="true" aria-describedby="…"`, or only the hint, or nothing. The ids are the views' own, not user input.
 */
function fieldAria(errors: Record<string, string> | undefined, field: string, hintId?: string): string {
  const invalid = Boolean(errors?.[field]);
  const describedBy = [invalid ? `erro-${field}` : null, hintId ?? null].filter(Boolean).join(' ');
  return `${invalid ? ' aria-invalid="true"' : ''}${describedBy ? ` aria-describedby="${describedBy}"` : ''}`;
}

const dateTime = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short', timeZone: TIME_ZONE });

/** The server-rendered portal (pt-BR): its own middleware stack, routes, and HTML error pages at the end. */
export function createPortal(deps: PortalDeps): Router {
  const portal = express.Router();
  const { stack, authenticator } = createSessionStack(deps);

  portal.use((req, res, next) => {
    res.locals.currentPath = req.path;
    res.locals.currentUrl = req.originalUrl;
    // Defaults for pages rendered before the session stack ran to its end (a CSRF or body-parsing error page).
    res.locals.currentUser = null;
    res.locals.flash = null;
    res.locals.csrfToken = '';
    res.locals.formatDateTime = (d: Date | null) => (d ? dateTime.format(d) : '—');
    res.locals.formatCnpj = formatCnpj;
    res.locals.formatCpf = formatCpf;
    res.locals.publicUrl = deps.config.publicUrl;
    res.locals.auditActionLabels = auditActionLabels;
    res.locals.auditDetailEntries = detailEntries;
    res.locals.auditTimeText = timeText;
    res.locals.auditIpText = ipText;
    res.locals.fieldAria = fieldAria;
    res.locals.highContrast = highContrastOf(req);
    res.locals.searchField = searchFieldOf(req.path);
    next();
  });
  portal.use(stack);
  portal.get('/', (req, res) => res.redirect(303, req.user ? '/unidades-gestoras' : '/login'));
  portal.use(createAuthRoutes(deps, authenticator));
  portal.use(createPasswordLinkRoutes(deps));
  portal.use(createApiDocsRoutes(deps));
  portal.use(createAccessibilityRoutes());
  portal.use(requireLogin);
  portal.use(createUgsRoutes(deps));
  portal.use(createAvisosRoutes(deps));
  portal.use(createIntegrationsRoutes(deps));
  portal.use(createAdminIntegrationsRoutes(deps));
  portal.use(createAdminUsersRoutes(deps));
  portal.use(createAdminAuditRoutes(deps));
  portal.use(createAdminUgMembersRoutes(deps), createAdminUgsRoutes(deps));
  portal.use(notFoundPage);
  portal.use(createErrorPage(deps.logger, deps.services.availability));
  return portal;
}
