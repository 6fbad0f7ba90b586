import { expect } from 'chai';
import { fromCentavos, toCentavos } from '../../app/records/money.ts';
import { competenciaFromInt, competenciaToInt } from '../../app/remessas/competencia.ts';

describe('money and competência encodings', () => {
  it('turns decimal strings into integer centavos and back, exactly', () => {
    expect(toCentavos('1234.56')).to.equal(123456);
    expect(toCentavos('1234.5')).to.equal(123450);
    expect(toCentavos('7')).to.equal(700);
    expect(toCentavos('0.07')).to.equal(7);
    expect(toCentavos('9999999999999.99')).to.equal(999999999999999);
    expect(fromCentavos(999999999999999)).to.equal('9999999999999.99');
    expect(fromCentavos(7)).to.equal('0.07');
    expect(fromCentavos(0)).to.equal('0.00');
  });

  it('orders monthly and annual competências in one integer; a bare year ends a range at December', () => {
    expect(competenciaToInt('2025-03')).to.equal(202503);
    expect(competenciaToInt('2025')).to.equal(202500);
    expect(competenciaToInt('2025', 'end')).to.equal(202512);
    expect(competenciaFromInt(202503)).to.equal('2025-03');
    expect(competenciaFromInt(202500)).to.equal('2025');
    expect(() => competenciaToInt('2025-13')).to.throw(RangeError);
  });
});
