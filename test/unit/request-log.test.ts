import { expect } from 'chai';
import { loggableUrl } from '../../app/request-log.ts';

describe('loggableUrl', () => {
  it('logs one-time links without their token', () => {
    expect(loggableUrl('/setup/abcDEF_123-x')).to.equal('/setup/[redacted]');
    expect(loggableUrl('/redefinir-senha/abcDEF_123-x?x=1')).to.equal('/redefinir-senha/[redacted]?x=1');
    expect(loggableUrl('/admin/usuarios/7/redefinir-senha')).to.equal('/admin/usuarios/7/redefinir-senha');
  });
});
