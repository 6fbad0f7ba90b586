import { expect } from 'chai';
import { ClientCache } from '../../app/oauth/client-cache.ts';

describe('token endpoint client cache', () => {
  it('keeps a client with its fingerprint until the key changes', () => {
    const cache = new ClientCache<string>(10);
    cache.set('cid_a', 'client a', 'v1', cache.snapshot());
    expect(cache.get('cid_a')).to.equal('client a');
    expect(cache.fingerprint('cid_a')).to.equal('v1');
    cache.forget('cid_a');
    expect(cache.get('cid_a')).to.equal(undefined);
  });

  it('does not cache what was read before a change', () => {
    const cache = new ClientCache<string>(10);
    const readAt = cache.snapshot();
    cache.forget('cid_a');
    cache.set('cid_a', 'stale client', 'v1', readAt);
    expect(cache.get('cid_a')).to.equal(undefined);
    expect(cache.size).to.equal(0);
  });

  it('drops the oldest entry when full', () => {
    const cache = new ClientCache<number>(3);
    for (let i = 1; i <= 4; i += 1) cache.set(`cid_${i}`, i, 'v', cache.snapshot());
    expect(cache.size).to.equal(3);
    expect([1, 2, 3, 4].map((i) => cache.get(`cid_${i}`))).to.deep.equal([undefined, 2, 3, 4]);
  });

  it('keeps only the keys a full read found active', () => {
    const cache = new ClientCache<number>(10);
    for (let i = 1; i <= 3; i += 1) cache.set(`cid_${i}`, i, 'v', cache.snapshot());
    cache.retainOnly(new Set(['cid_2']));
    expect([1, 2, 3].map((i) => cache.get(`cid_${i}`))).to.deep.equal([undefined, 2, undefined]);
  });
});
