import { TIME_ZONE } from '../time-zone.ts';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** How far the zone's wall clock is from UTC at an instant, in milliseconds (−3 h in São Paulo today). */
function zoneOffset(at: number): number {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  const wall = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return wall - (at - (at % 1000));
}

function utcMidnight(day: string, plusDays = 0): number {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  return Date.UTC(year, month - 1, date + plusDays);
}

/** The instant a calendar day (AAAA-MM-DD) begins in the Tribunal's time zone; `plusDays` moves to a later day. */
export function startOfDay(day: string, plusDays = 0): Date {
  const midnight = utcMidnight(day, plusDays);
  const guess = midnight - zoneOffset(midnight);
  // Offsets are read at the guess, so a day whose midnight fell in a daylight-saving change (Brazil had them until
  // 2019, at midnight) starts an hour early: harmless for a filter, and no day of this system's data has one.
  return new Date(midnight - zoneOffset(guess));
}
