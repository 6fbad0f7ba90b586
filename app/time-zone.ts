/** The Tribunal's time zone: the portal shows times there, and the days people type (filters, vigência) are days there. */
export const TIME_ZONE = 'America/Sao_Paulo';
