import { expect } from 'chai';
import { formatDateTime } from '../../app/cli/output.ts';
import { addDays, dateIn, dateTimeIn } from '../../app/time-zone.ts';

describe('days and times in the Tribunal’s time zone', () => {
  const lateOn28th = new Date('2026-03-01T02:30:00Z');

  it('takes the calendar day and the minute in the given zone, not the machine’s', () => {
    expect(dateIn('America/Sao_Paulo', lateOn28th)).to.equal('2026-02-28');
    expect(dateTimeIn('America/Sao_Paulo', lateOn28th)).to.equal('2026-02-28 23:30');
    expect(dateTimeIn('UTC', lateOn28th)).to.equal('2026-03-01 02:30');
  });

  it('prints command-line times in Brasília, as the portal shows them, and a dash for none', () => {
    expect(formatDateTime(lateOn28th)).to.equal('2026-02-28 23:30');
    expect(formatDateTime(null)).to.equal('—');
  });

  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2026-12-01', -1)).to.equal('2026-11-30');
    expect(addDays('2026-12-31', 1)).to.equal('2027-01-01');
    expect(addDays('2028-03-01', -1)).to.equal('2028-02-29');
    expect(addDays('2026-12-02', -29)).to.equal('2026-11-03');
  });
});
