import { expect } from 'chai';
import {
  generateClientId,
  generateSecret,
  hashSecret,
  isClientIdFormat,
  isSecretFormat,
  matchesSecretHash,
  safeEqual,
  secretHint,
} from '../../app/integrations/credentials.ts';

describe('integração credentials', () => {
  it('generates client ids with a prefix and 128 random bits', () => {
    const ids = new Set(Array.from({ length: 200 }, generateClientId));
    expect(ids.size).to.equal(200);
    for (const id of ids) {
      expect(id).to.match(/^cid_[0-9A-Za-z]{22}$/);
      expect(isClientIdFormat(id)).to.equal(true);
    }
    expect(isClientIdFormat('cid_short')).to.equal(false);
  });

  it('generates secrets with the cds_ prefix, 43 random characters and a 6-character checksum', () => {
    const secrets = new Set(Array.from({ length: 200 }, generateSecret));
    expect(secrets.size).to.equal(200);
    for (const secret of secrets) {
      expect(secret).to.match(/^cds_[0-9A-Za-z]{49}$/);
      expect(isSecretFormat(secret)).to.equal(true);
    }
  });

  it('catches a typo through the checksum, before any lookup', () => {
    const secret = generateSecret();
    const position = 10;
    const typo = secret.slice(0, position) + (secret[position] === 'a' ? 'b' : 'a') + secret.slice(position + 1);
    expect(isSecretFormat(typo)).to.equal(false);
    expect(isSecretFormat(secret.slice(0, -1))).to.equal(false);
    expect(isSecretFormat(`xyz_${secret.slice(4)}`)).to.equal(false);
    expect(isSecretFormat(`${secret} `)).to.equal(false);
  });

  it('stores an HMAC-SHA-256 keyed by the pepper, never the secret', () => {
    const secret = generateSecret();
    const hash = hashSecret('pepper-a', secret);
    expect(hash).to.match(/^[0-9a-f]{64}$/);
    expect(hash).not.to.include(secret.slice(4, 20));
    expect(hashSecret('pepper-b', secret)).not.to.equal(hash);
    expect(matchesSecretHash('pepper-a', secret, hash)).to.equal(true);
    expect(matchesSecretHash('pepper-b', secret, hash)).to.equal(false);
    expect(matchesSecretHash('pepper-a', generateSecret(), hash)).to.equal(false);
  });

  it('compares digests safely, including empty and different-length values', () => {
    expect(safeEqual('abcd', 'abcd')).to.equal(true);
    expect(safeEqual('abcd', 'abce')).to.equal(false);
    expect(safeEqual('abcd', 'abcdef')).to.equal(false);
    expect(safeEqual('', '')).to.equal(false);
  });

  it('shows only a short hint of the secret', () => {
    const secret = generateSecret();
    expect(secretHint(secret)).to.equal(`${secret.slice(0, 8)}…`);
  });
});
