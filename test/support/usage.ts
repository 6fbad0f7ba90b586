import { addDays, dateIn, TIME_ZONE } from '../../app/time-zone.ts';
import type { UsageIncrement } from '../../app/usage/usage.repository.ts';

/** The usage table's row of a day (DD/MM/AAAA) on a key's page: its cells as text. */
export function usageRow(html: string, dia: string): string[] {
  const row = new RegExp(`<tr><th scope="row">${dia}</th>((?:<td[^>]*>[^<]*</td>)+)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row for ${dia} on the page`);
  return [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
}

/** Today in the Tribunal's time zone, as the usage table names it. */
export const today = () => dateIn(TIME_ZONE, new Date()).split('-').reverse().join('/');

/** A month of use of a key, different each day (refusals on some), ending today: for pages that show the chart. */
export function monthOfUse(clientId: string): UsageIncrement[] {
  const todayIso = dateIn(TIME_ZONE, new Date());
  return Array.from({ length: 30 }, (_, i) => addDays(todayIso, -i)).flatMap((dia, i) => [
    { clientId, dia, medida: 'token' as const, motivo: '', n: 10 + ((i * 7) % 30) },
    { clientId, dia, medida: 'api' as const, motivo: '', n: 200 + ((i * 37) % 400) },
    ...(i % 4 === 0 ? [{ clientId, dia, medida: 'token' as const, motivo: 'invalid_client', n: 1 + (i % 5) }] : []),
    ...(i % 6 === 0 ? [{ clientId, dia, medida: 'api' as const, motivo: '403', n: 2 }] : []),
  ]);
}
