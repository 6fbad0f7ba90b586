/** The Tribunal's time zone: the portal shows times there, and the days people type (filters, vigência) are days there. */
export const TIME_ZONE = 'America/Sao_Paulo';

/** The calendar day (AAAA-MM-DD) an instant falls on in a time zone: TIME_ZONE, for the Tribunal's calendar. */
export function dateIn(timeZone: string, at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

const minuteFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

/** The date and time (AAAA-MM-DD HH:MM) of an instant in a time zone: what the command line prints, in TIME_ZONE. */
export function dateTimeIn(timeZone: string, at: Date): string {
  return minuteFormat(timeZone).format(at);
}
