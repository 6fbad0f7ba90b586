/** The Tribunal's time zone: the portal shows times there, and the days people type (filters, vigência) are days there. */
export const TIME_ZONE = 'America/Sao_Paulo';

const formats = new Map<string, Intl.DateTimeFormat>();

/** A formatter is costly to build: one per zone and layout, made on first use. */
function format(layout: 'day' | 'minute', timeZone: string): Intl.DateTimeFormat {
  const key = `${layout} ${timeZone}`;
  let found = formats.get(key);
  if (!found) {
    // en-CA writes days as AAAA-MM-DD, sv-SE dates and times as AAAA-MM-DD HH:MM.
    found =
      layout === 'day'
        ? new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('sv-SE', {
            timeZone,
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
            hourCycle: 'h23',
          });
    formats.set(key, found);
  }
  return found;
}

/** The calendar day (AAAA-MM-DD) an instant falls on in a time zone: TIME_ZONE, for the Tribunal's calendar. */
export function dateIn(timeZone: string, at: Date): string {
  return format('day', timeZone).format(at);
}

/** The date and time (AAAA-MM-DD HH:MM) of an instant in a time zone: what the command line prints, in TIME_ZONE. */
export function dateTimeIn(timeZone: string, at: Date): string {
  return format('minute', timeZone).format(at);
}

/** The calendar day `days` after (or, negative, before) a day AAAA-MM-DD. */
export function addDays(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}
