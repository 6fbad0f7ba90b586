import { expect } from 'chai';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import type { TestApp } from './app.ts';
import { apiCall } from './api.ts';
import type { Permissao } from '../../app/integrations/integrations.schemas.ts';
import { matrixCases, type TenancyRole, type TenancyWorld } from './tenancy.ts';

export const emptyList = { items: [], totalCount: 0, totalCountExact: true, nextCursor: null };

const ids = (body: { items: Array<{ id: number }> }) => body.items.map((item) => item.id);

/**
 * The read side of the tenancy matrix for one resource with a record in each UG of the world: every key, read-only or
 * read-write, of its own UG or of the aggregator, lists, shows and filters exactly the records of the UGs it sees;
 * another UG's record answers as a missing one does, and a filter on another UG lists nothing.
 */
export async function expectReadMatrix(
  t: TestApp,
  w: TenancyWorld,
  tokens: Record<`${TenancyRole}-${Permissao}`, string>,
  resource: { path: string; recordOf: (ug: Ug) => number; only?: string },
): Promise<void> {
  const { path, recordOf } = resource;
  // `only` keeps the lists to the matrix's records when the world holds others too.
  const only = resource.only ? `&${resource.only}` : '';
  for (const permissao of ['leitura', 'escrita'] as const) {
    for (const { key, visible, hidden } of matrixCases(w)) {
      const token = tokens[`${key}-${permissao}`];
      const who = `${key}-${permissao}`;
      const list = await apiCall(t.app, token, 'get', `${path}?limit=500${only}`).expect(200);
      expect(ids(list.body), who).to.deep.equal(visible.map(recordOf));
      const missing = await apiCall(t.app, token, 'get', `${path}/2147483647`).expect(404);
      for (const ug of visible) {
        const one = await apiCall(t.app, token, 'get', `${path}/${recordOf(ug)}`).expect(200);
        expect(one.body.ugId, `${who} → ${ug.nome}`).to.equal(ug.id);
        const filtered = await apiCall(t.app, token, 'get', `${path}?ugId=${ug.id}${only}`).expect(200);
        expect(ids(filtered.body), `${who} → ${ug.nome}`).to.deep.equal([recordOf(ug)]);
      }
      for (const ug of hidden) {
        const one = await apiCall(t.app, token, 'get', `${path}/${recordOf(ug)}`).expect(404);
        expect(one.body, `${who} → ${ug.nome}`).to.deep.equal(missing.body);
        const filtered = await apiCall(t.app, token, 'get', `${path}?ugId=${ug.id}${only}`).expect(200);
        expect(filtered.body, `${who} → ${ug.nome}`).to.deep.equal(emptyList);
      }
    }
  }
}

/** The UGs of the world in creation order: a record per UG inserted in this order gets ascending ids. */
export const worldUgs = (w: TenancyWorld): Ug[] => [w.agr, w.own, w.child, w.sibling, w.unrelated];
