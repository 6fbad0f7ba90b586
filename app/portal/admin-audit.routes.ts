import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import express, { type Request, type Response, type Router } from 'express';
import type { PortalDeps } from './deps.ts';
import { auditCsv, auditCsvFilename } from '../audit/audit-csv.ts';
import { auditFiltersFormSchema, type AuditFiltersForm } from '../audit/audit-filters.schemas.ts';
import type { AuditQuery } from '../audit/audit-log.service.ts';
import { parseListQuery, queryFields } from './forms.ts';
import { callerOf, noStore, requireAdmin } from './request.ts';
import { listPageRequest, pageNav } from './page-nav.ts';

const BASE = '/admin/auditoria';
const TITLE = 'Administração — Auditoria';
const FIELDS = ['ug', 'usuario', 'acao', 'de', 'ate'] as const;

function queryOf(f: AuditFiltersForm): AuditQuery {
  return { ugCodigo: f.ug, actor: f.usuario, action: f.acao, de: f.de, ate: f.ate };
}

/** The filters as a query string, for the links that keep them: the next page, the first page, the CSV export. */
function linkQuery(f: AuditFiltersForm): string {
  return new URLSearchParams(FIELDS.map((name) => [name, f[name] ?? ''])).toString();
}

/** Administração → Auditoria: every event of the system, filtered and paged, exportable as CSV (Sys Admins). */
export function createAdminAuditRoutes({ services }: PortalDeps): Router {
  const router = express.Router();
  const service = services.auditLog;
  router.use(BASE, requireAdmin);

  /** The parsed filters; bad ones are shown next to their fields, over an empty list, with what was typed kept. */
  const readFilters = (req: Request, res: Response): AuditFiltersForm | null =>
    parseListQuery(req, res, auditFiltersFormSchema, 'admin/audit/index', { title: TITLE, filters: queryFields(req, FIELDS) });

  router.get(BASE, async (req, res) => {
    const filters = readFilters(req, res);
    if (!filters) return;
    const page = await service.listNamed(callerOf(req), queryOf(filters), listPageRequest(filters));
    res.render('admin/audit/index', {
      title: TITLE,
      ...page,
      filters,
      query: linkQuery(filters),
      ...pageNav(page, filters),
      errors: {},
    });
  });

  // Streamed: batches of events are read as the client takes the file, never the whole trail at once.
  router.get(`${BASE}/exportar`, async (req, res) => {
    const filters = readFilters(req, res);
    if (!filters) return;
    const batches = await service.export(callerOf(req), queryOf(filters));
    noStore(res);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${auditCsvFilename(new Date())}"`);
    try {
      await pipeline(Readable.from(auditCsv(batches)), res);
    } catch (err) {
      // A person cancelling the download is no error; anything else ends the (truncated) response and is reported.
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
    }
  });

  return router;
}
