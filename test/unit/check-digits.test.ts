import { expect } from 'chai';
import { formatCnpj, formatCpf, normalizeCnpj, normalizeCpf } from '../../app/documents/check-digits.ts';

describe('CPF and CNPJ check digits', () => {
  it('accepts valid CPFs, masked or not', () => {
    expect(normalizeCpf('529.982.247-25')).to.equal('52998224725');
    expect(normalizeCpf('52998224725')).to.equal('52998224725');
    expect(normalizeCpf(' 000.000.001-91 ')).to.equal('00000000191');
  });

  it('refuses CPFs with a wrong check digit, the wrong length, letters, or all digits equal', () => {
    for (const bad of [
      '529.982.247-24',
      '529.982.247-35',
      '5299822472',
      '529982247250',
      '5299822472A',
      '111.111.111-11',
      '000.000.000-00',
      '',
    ]) {
      expect(normalizeCpf(bad), bad).to.equal(null);
    }
  });

  it('accepts numeric CNPJs', () => {
    expect(normalizeCnpj('11.222.333/0001-81')).to.equal('11222333000181');
    expect(normalizeCnpj('27165588000190')).to.equal('27165588000190');
  });

  it('accepts the alphanumeric CNPJ (Receita Federal example 12.ABC.345/01DE-35), upper-casing it', () => {
    expect(normalizeCnpj('12.ABC.345/01DE-35')).to.equal('12ABC34501DE35');
    expect(normalizeCnpj('12.abc.345/01de-35')).to.equal('12ABC34501DE35');
  });

  it('refuses CNPJs with wrong check digits, letters in the check digits, or all digits equal', () => {
    for (const bad of [
      '11.222.333/0001-82',
      '12.ABC.345/01DE-36',
      '12.ABC.345/01DE-3A',
      '11.111.111/1111-11',
      '1122233300018',
      '11.222.333/0001-8!',
      '',
    ]) {
      expect(normalizeCnpj(bad), bad).to.equal(null);
    }
  });

  it('formats for display', () => {
    expect(formatCnpj('12ABC34501DE35')).to.equal('12.ABC.345/01DE-35');
    expect(formatCpf('52998224725')).to.equal('529.982.247-25');
  });
});
