import { expect } from 'chai';
import { limitAddress } from '../../app/limits/limit-address.ts';

describe('the address a limit counts', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and counts IPv6 by its /64 however it is written', () => {
    expect(limitAddress('203.0.113.9')).to.equal('203.0.113.9');
    expect(limitAddress('::ffff:203.0.113.9')).to.equal('203.0.113.9');
    expect(limitAddress('2001:db8:1:2:3:4:5:6')).to.equal('2001:db8:1:2::/64');
    expect(limitAddress('2001:0DB8:0001:0002::9')).to.equal('2001:db8:1:2::/64');
    expect(limitAddress('2001:db8:1:3::9')).to.equal('2001:db8:1:3::/64');
    expect(limitAddress('::1')).to.equal('0:0:0:0::/64');
  });

  it('leaves anything that is not an address as it is', () => {
    expect(limitAddress('desconhecido')).to.equal('desconhecido');
  });
});
