import type { Express } from 'express';
import type { Permissao } from '../../app/integrations/integrations.schemas.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { createTestApp, type TestApp } from './app.ts';
import { createUg } from './fixtures.ts';
import { accessToken, createKey } from './oauth.ts';

/**
 * The UGs of the tenancy matrix: `agr` aggregates `own` and `sibling`; `own` aggregates `child`; `unrelated` stands
 * alone. A key of `own` sees `own` and `child`; a key of `agr` sees all but `unrelated`.
 */
export interface TenancyWorld {
  agr: Ug;
  own: Ug;
  child: Ug;
  sibling: Ug;
  unrelated: Ug;
}

export async function createTenancyWorld(services: Services): Promise<TenancyWorld> {
  const agr = await createUg(services, { nome: 'Consórcio Agregador' });
  const own = await createUg(services, { nome: 'Prefeitura Própria', agregadora: agr.codigo });
  const child = await createUg(services, { nome: 'Fundo Agregado', agregadora: own.codigo });
  const sibling = await createUg(services, { nome: 'Prefeitura Irmã', agregadora: agr.codigo });
  const unrelated = await createUg(services, { nome: 'Câmara Alheia' });
  return { agr, own, child, sibling, unrelated };
}

/** A token of a new key of the UG with the permission, as an integrator would get it. */
export async function tokenFor(app: Express, services: Services, ugId: number, permissao: Permissao): Promise<string> {
  return accessToken(app, await createKey(services, ugId, permissao));
}

/** One app and one tenancy world on it. */
export interface TenancyTest {
  t: TestApp;
  w: TenancyWorld;
}

/** A fresh app with the tenancy world on it; the caller closes `t`. */
export async function createTenancyTest(): Promise<TenancyTest> {
  const t = await createTestApp();
  return { t, w: await createTenancyWorld(t.services) };
}

/** The key holders of the tenancy matrix (not the app's Caller): a key of `own` or of `agr`. */
export type TenancyRole = 'own' | 'agr';

/** What each caller of the matrix may see: `own` (a plain UG with one UG under it) and `agr` (the aggregator). */
export function matrixCases(w: TenancyWorld): Array<{ key: TenancyRole; visible: Ug[]; hidden: Ug[] }> {
  return [
    { key: 'own', visible: [w.own, w.child], hidden: [w.agr, w.sibling, w.unrelated] },
    { key: 'agr', visible: [w.agr, w.own, w.child, w.sibling], hidden: [w.unrelated] },
  ];
}

/** A token per caller and permission: `tokens['own-leitura']`, `tokens['agr-escrita']`, … */
export async function matrixTokens(t: TestApp, w: TenancyWorld): Promise<Record<`${TenancyRole}-${Permissao}`, string>> {
  const tokens: Partial<Record<`${TenancyRole}-${Permissao}`, string>> = {};
  for (const permissao of ['leitura', 'escrita'] as const) {
    tokens[`own-${permissao}`] = await tokenFor(t.app, t.services, w.own.id, permissao);
    tokens[`agr-${permissao}`] = await tokenFor(t.app, t.services, w.agr.id, permissao);
  }
  return tokens as Record<`${TenancyRole}-${Permissao}`, string>;
}
