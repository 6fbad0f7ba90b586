import { dateIn, TIME_ZONE } from '../../app/time-zone.ts';

/** The usage table's row of a day (DD/MM/AAAA) on a key's page: its cells as text. */
export function usageRow(html: string, dia: string): string[] {
  const row = new RegExp(`<tr><th scope="row">${dia}</th>((?:<td>[^<]*</td>)+)</tr>`).exec(html)?.[1];
  if (!row) throw new Error(`no row for ${dia} on the page`);
  return [...row.matchAll(/<td>([^<]*)<\/td>/g)].map((m) => m[1] ?? '');
}

/** Today in the Tribunal's time zone, as the usage table names it. */
export const today = () => dateIn(TIME_ZONE, new Date()).split('-').reverse().join('/');
