import { expect } from 'chai';
import { ipText } from '../../app/audit/audit-format.ts';

describe('audit trail as the portal shows it', () => {
  it('shows an IPv4 address mapped into IPv6 as the IPv4 address, any other as it is', () => {
    expect(ipText('::ffff:127.0.0.1')).to.equal('127.0.0.1');
    expect(ipText('::FFFF:10.0.0.7')).to.equal('10.0.0.7');
    expect(ipText('2001:db8::1')).to.equal('2001:db8::1');
    expect(ipText('::ffff:7f00:1')).to.equal('::ffff:7f00:1');
    expect(ipText('192.0.2.1')).to.equal('192.0.2.1');
    expect(ipText(null)).to.equal('—');
  });
});
