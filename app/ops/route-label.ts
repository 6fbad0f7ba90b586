import type { Request } from 'express';

/**
 * The API's routers are mounted at fixed paths (app.ts, api.ts), the innermost first: their route templates are
 * relative to these. Each mount's labels are built once per route.
 */
const API_MOUNTS = ['/api/v1', '/api'].map((mount) => ({
  mount,
  prefix: `${mount}/`,
  unrouted: `${mount}/*`,
  labels: new Map<string, string>(),
}));

function template(mount: (typeof API_MOUNTS)[number], path: string): string {
  let label = mount.labels.get(path);
  if (label === undefined) {
    label = `${mount.mount}${path}`;
    mount.labels.set(path, label);
  }
  return label;
}

/**
 * The route label of a request's metrics: the template of the route that answered it (`/api/v1/contratacoes/:id`,
 * `/unidades-gestoras/:id/integracoes`), never the URL itself, so the set of labels stays as small as the set of routes.
 * A request no route answered (refused before routing, not found, a static file) gets its surface's label.
 */
export function routeLabel(req: Request): string {
  const url = req.originalUrl;
  const path: unknown = req.route?.path;
  const routed = typeof path === 'string' ? path : undefined;
  for (const mount of API_MOUNTS) {
    if (url.startsWith(mount.prefix)) return routed === undefined ? mount.unrouted : template(mount, routed);
  }
  if (routed !== undefined) return routed;
  if (url.startsWith('/oauth/') || url.startsWith('/.well-known/')) return '/oauth/*';
  if (url.startsWith('/public/')) return '/public/*';
  return 'other';
}
