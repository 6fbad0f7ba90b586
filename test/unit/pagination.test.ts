import { expect } from 'chai';
import { CursorCodec } from '../../app/api/pagination.ts';
import { createDb } from '../../app/db/knex.ts';
import { keysetPage } from '../../app/db/page.ts';
import { InvalidCursorError } from '../../app/errors/app-error.ts';
import { scopeUgIds } from '../../app/ugs/ug-scope.ts';

describe('CursorCodec', () => {
  const codec = new CursorCodec('segredo-de-teste');
  const listing = codec.listing('listCoisas', { params: undefined, query: { situacao: 'ativa' } });

  it('round-trips a position and builds the page request from limit and cursor', () => {
    expect(listing.decode(listing.encode(42))).to.equal(42);
    expect(listing.request({ limit: 10 })).to.deep.equal({ limit: 10, afterId: undefined });
    expect(listing.request({ limit: 10, cursor: listing.encode(7) })).to.deep.equal({ limit: 10, afterId: 7 });
  });

  it('refuses a cursor altered in any part, signed under another secret, or not a cursor at all', () => {
    const cursor = listing.encode(42);
    const [payload = '', signature = ''] = cursor.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ a: 41 })).toString('base64url');
    const flipped = `${signature.slice(0, 3)}${signature[3] === 'A' ? 'B' : 'A'}${signature.slice(4)}`;
    const bad = [
      `${otherPayload}.${signature}`,
      `${payload}.${flipped}`,
      `${payload}.${signature.slice(0, 10)}`,
      new CursorCodec('outro-segredo').listing('listCoisas', { params: undefined, query: { situacao: 'ativa' } }).encode(42),
      payload,
      `${cursor}.x`,
      '',
      '.',
      'não é cursor',
    ];
    for (const value of bad) expect(() => listing.decode(value), value).to.throw(InvalidCursorError);
  });

  it('refuses a signature spelt otherwise than written, though it decodes to the same bytes (the unused bits of its last character)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const cursor = listing.encode(42);
    const last = alphabet.indexOf(cursor.slice(-1));
    // 32 bytes in 43 characters: the last one carries 4 bits and 2 unused ones; flipping an unused bit keeps the bytes.
    const respelt = `${cursor.slice(0, -1)}${alphabet[last ^ 1]}`;
    const [, signature = ''] = cursor.split('.');
    const [, other = ''] = respelt.split('.');
    expect(Buffer.from(other, 'base64url').equals(Buffer.from(signature, 'base64url'))).to.equal(true);
    expect(() => listing.decode(respelt)).to.throw(InvalidCursorError);
    expect(listing.decode(cursor)).to.equal(42);
  });

  it('accepts a cursor only in the listing and with the filters it was issued for, however they are ordered', () => {
    const issued = codec.listing('listCoisas', { params: { id: 1 }, query: { a: 'x', b: [1, 2], c: undefined } });
    const cursor = issued.encode(42);
    expect(codec.listing('listCoisas', { query: { b: [1, 2], a: 'x' }, params: { id: 1 } }).decode(cursor)).to.equal(42);
    const others = [
      codec.listing('listOutras', { params: { id: 1 }, query: { a: 'x', b: [1, 2] } }),
      codec.listing('listCoisas', { params: { id: 2 }, query: { a: 'x', b: [1, 2] } }),
      codec.listing('listCoisas', { params: { id: 1 }, query: { a: 'y', b: [1, 2] } }),
      codec.listing('listCoisas', { params: { id: 1 }, query: { a: 'x', b: [2, 1] } }),
      codec.listing('listCoisas', { params: { id: 1 }, query: { a: 'x' } }),
      codec.listing('listCoisas', { params: { id: 1 }, query: { a: 'x', b: [1, 2], c: 'z' } }),
    ];
    for (const other of others) expect(() => other.decode(cursor)).to.throw(InvalidCursorError);
  });

  it('refuses a correctly signed position that is not a row id', () => {
    const signedBy = (position: unknown) => {
      // Sign an arbitrary payload the way the codec does, to reach the checks after the signature.
      const probe = listing as unknown as { sign(p: string): Buffer };
      const payload = Buffer.from(JSON.stringify({ a: position })).toString('base64url');
      return `${payload}.${probe.sign(payload).toString('base64url')}`;
    };
    for (const position of ['7', -1, 1.5, null])
      expect(() => listing.decode(signedBy(position)), String(position)).to.throw(InvalidCursorError);
    expect(listing.decode(signedBy(7))).to.equal(7);
  });
});

describe('keysetPage', () => {
  const db = createDb(':memory:');
  before(async () => {
    await db.schema.createTable('linhas', (t) => t.integer('id').primary());
    await db('linhas').insert([5, 3, 1, 4, 2].map((id) => ({ id })));
  });
  after(() => db.destroy());
  const page = (request: { limit: number; afterId?: number }) =>
    keysetPage(db('linhas').select('id'), request, (row: { id: number }) => ({ id: row.id }));

  it('says where the next page starts, and null on the last page, even when it is exactly full', async () => {
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id }));
    expect(await page({ limit: 2 })).to.deep.equal({ items: [{ id: 1 }, { id: 2 }], totalCount: 5, nextAfterId: 2 });
    expect(await page({ limit: 2, afterId: 4 })).to.deep.equal({ items: [{ id: 5 }], totalCount: 5, nextAfterId: null });
    expect(await page({ limit: 5 })).to.deep.equal({ items: rows, totalCount: 5, nextAfterId: null });
  });
});

describe('scopeUgIds', () => {
  it('narrows the visible UGs by a filter, and a UG outside them to nothing', () => {
    expect(scopeUgIds([1, 2, 3])).to.deep.equal([1, 2, 3]);
    expect(scopeUgIds([1, 2, 3], 2)).to.deep.equal([2]);
    expect(scopeUgIds([1, 2, 3], [3, 9])).to.deep.equal([3]);
    expect(scopeUgIds([1, 2, 3], 9)).to.deep.equal([]);
    expect(scopeUgIds([], 1)).to.deep.equal([]);
  });
});
