import { expect } from 'chai';
import { formatDateTime } from '../../app/cli/output.ts';
import { dateIn, dateTimeIn } from '../../app/time-zone.ts';

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
});
