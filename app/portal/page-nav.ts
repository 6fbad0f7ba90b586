import { COUNT_LIMIT, type Page, type PageRequest } from '../db/page.ts';
import { LIST_PAGE_SIZE } from './request.ts';

/** A portal list's page request from its address's position: after `apos`, or back before `antes`, numbered. */
export function listPageRequest(position: { apos?: number; antes?: number }): PageRequest {
  return { limit: LIST_PAGE_SIZE, afterId: position.apos, beforeId: position.antes, numbered: true };
}

/**
 * "Página 3 de 7"; past the count's limit "Página 3 de mais de 400" (the total unknown) or "Depois da página 400"
 * (the rows before unknown too); null for a page with no rows. Pages are counted from the rows before this one, so a
 * page never takes its number from the address.
 */
export function pageLabel(page: Page<unknown>, size = LIST_PAGE_SIZE): string | null {
  const before = page.rowsBefore;
  if (before === undefined || page.items.length === 0) return null;
  const countable = Math.floor(COUNT_LIMIT / size).toLocaleString('pt-BR');
  if (!before.exact) return `Depois da página ${countable}`;
  const number = Math.ceil(before.count / size) + 1;
  if (!page.totalCountExact) return `Página ${number.toLocaleString('pt-BR')} de mais de ${countable}`;
  const pages = number - 1 + Math.max(1, Math.ceil((page.totalCount - before.count) / size));
  return `Página ${number.toLocaleString('pt-BR')} de ${pages.toLocaleString('pt-BR')}`;
}

/** What views/partials/keyset-pagination.ejs shows of a page: its neighbours' positions and its number. */
export function pageNav(page: Page<unknown>, position: { apos?: number; antes?: number }) {
  const prevBeforeId = page.prevBeforeId ?? null;
  // A page with no rows after a position (its rows since deleted) still leads back to the first.
  const showFirstPageLink = prevBeforeId !== null || (page.items.length === 0 && (position.apos ?? position.antes) !== undefined);
  return { prevBeforeId, nextAfterId: page.nextAfterId, showFirstPageLink, pageLabel: pageLabel(page) };
}
