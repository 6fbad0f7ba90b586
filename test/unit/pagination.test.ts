import { expect } from 'chai';
import { CursorCodec } from '../../app/api/pagination.ts';
import { createDb } from '../../app/db/knex.ts';
import { COUNT_LIMIT, keysetPage } from '../../app/db/page.ts';
import { InvalidCursorError } from '../../app/errors/app-error.ts';
import { scopeUgIds } from '../../app/ugs/ug-scope.ts';

describe('CursorCodec', () => {
  const codec = new CursorCodec('segredo-de-teste');
  const listing = codec.listing('listCoisas', { params: undefined, query: { situacao: 'ativa' } });
  const total = { count: 1234, exact: true };

  it('round-trips a position with the listing’s count, and builds the page request from limit and cursor', () => {
    expect(listing.decode(listing.encode(42, total))).to.deep.equal({ afterId: 42, total });
    const beyond = { count: COUNT_LIMIT, exact: false };
    expect(listing.decode(listing.encode(42, beyond))).to.deep.equal({ afterId: 42, total: beyond });
    expect(listing.request({ limit: 10 })).to.deep.equal({ limit: 10 });
    expect(listing.request({ limit: 10, cursor: listing.encode(7, total) })).to.deep.equal({ limit: 10, afterId: 7, total });
  });

  it('turns a page into the envelope whose cursor carries its count to the next page', () => {
    const envelope = listing.envelope({ items: [{ id: 1 }], totalCount: COUNT_LIMIT, totalCountExact: false, nextAfterId: 1 }, (i) => i);
    expect(envelope).to.deep.include({ items: [{ id: 1 }], totalCount: COUNT_LIMIT, totalCountExact: false });
    expect(listing.request({ limit: 10, cursor: envelope.nextCursor ?? '' })).to.deep.equal({
      limit: 10,
      afterId: 1,
      total: { count: COUNT_LIMIT, exact: false },
    });
    const last = listing.envelope({ items: [], totalCount: 0, totalCountExact: true, nextAfterId: null }, (i) => i);
    expect(last).to.deep.equal({ items: [], totalCount: 0, totalCountExact: true, nextCursor: null });
  });

  it('refuses a cursor altered in any part, signed under another secret, or not a cursor at all', () => {
    const cursor = listing.encode(42, total);
    const [payload = '', signature = ''] = cursor.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ a: 41, n: 1234, e: true })).toString('base64url');
    const otherCount = Buffer.from(JSON.stringify({ a: 42, n: 9, e: true })).toString('base64url');
    const inexact = Buffer.from(JSON.stringify({ a: 42, n: 1234, e: false })).toString('base64url');
    const flipped = `${signature.slice(0, 3)}${signature[3] === 'A' ? 'B' : 'A'}${signature.slice(4)}`;
    const bad = [
      `${otherPayload}.${signature}`,
      `${otherCount}.${signature}`,
      `${inexact}.${signature}`,
      `${payload}.${flipped}`,
      `${payload}.${signature.slice(0, 10)}`,
      new CursorCodec('outro-segredo').listing('listCoisas', { params: undefined, query: { situacao: 'ativa' } }).encode(42, total),
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
    const cursor = listing.encode(42, total);
    const last = alphabet.indexOf(cursor.slice(-1));
    // 32 bytes in 43 characters: the last one carries 4 bits and 2 unused ones; flipping an unused bit keeps the bytes.
    const respelt = `${cursor.slice(0, -1)}${alphabet[last ^ 1]}`;
    const [, signature = ''] = cursor.split('.');
    const [, other = ''] = respelt.split('.');
    expect(Buffer.from(other, 'base64url').equals(Buffer.from(signature, 'base64url'))).to.equal(true);
    expect(() => listing.decode(respelt)).to.throw(InvalidCursorError);
    expect(listing.decode(cursor)).to.deep.equal({ afterId: 42, total });
  });

  it('accepts a cursor only in the listing and with the filters it was issued for, however they are ordered', () => {
    const issued = codec.listing('listCoisas', { params: { id: 1 }, query: { a: 'x', b: [1, 2], c: undefined } });
    const cursor = issued.encode(42, total);
    expect(codec.listing('listCoisas', { query: { b: [1, 2], a: 'x' }, params: { id: 1 } }).decode(cursor).afterId).to.equal(42);
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

  it('refuses a correctly signed position that is not a row id, or a count that is not one', () => {
    const signedBy = (content: Record<string, unknown>) => {
      // Sign an arbitrary payload the way the codec does, to reach the checks after the signature.
      const probe = listing as unknown as { sign(p: string): Buffer };
      const payload = Buffer.from(JSON.stringify(content)).toString('base64url');
      return `${payload}.${probe.sign(payload).toString('base64url')}`;
    };
    for (const position of ['7', -1, 1.5, null])
      expect(() => listing.decode(signedBy({ a: position, n: 1, e: true })), String(position)).to.throw(InvalidCursorError);
    for (const count of [{ n: -1, e: true }, { n: 1.5, e: true }, { n: '7', e: true }, { n: 7 }, { e: true }, { n: 7, e: 'sim' }])
      expect(() => listing.decode(signedBy({ a: 7, ...count })), JSON.stringify(count)).to.throw(InvalidCursorError);
    expect(listing.decode(signedBy({ a: 7, n: 3, e: true }))).to.deep.equal({ afterId: 7, total: { count: 3, exact: true } });
    // A cursor issued before cursors carried the count still continues its listing, which is counted again.
    expect(listing.decode(signedBy({ a: 7 }))).to.deep.equal({ afterId: 7 });
  });
});

describe('keysetPage', () => {
  const db = createDb(':memory:');
  before(async () => {
    await db.schema.createTable('linhas', (t) => t.integer('id').primary());
    await db('linhas').insert([5, 3, 1, 4, 2].map((id) => ({ id })));
  });
  after(() => db.destroy());
  const page = (request: Parameters<typeof keysetPage>[1], table = 'linhas') =>
    keysetPage(db(table).select('id'), request, (row: { id: number }) => ({ id: row.id }));
  const exactly = { totalCountExact: true };

  it('says where the next page starts, and null on the last page, even when it is exactly full', async () => {
    const rows = [1, 2, 3, 4, 5].map((id) => ({ id }));
    expect(await page({ limit: 2 })).to.deep.equal({ items: [{ id: 1 }, { id: 2 }], totalCount: 5, ...exactly, nextAfterId: 2 });
    expect(await page({ limit: 2, afterId: 4 })).to.deep.equal({ items: [{ id: 5 }], totalCount: 5, ...exactly, nextAfterId: null });
    expect(await page({ limit: 5 })).to.deep.equal({ items: rows, totalCount: 5, ...exactly, nextAfterId: null });
  });

  it('counts up to COUNT_LIMIT rows, then says there are more; a page given its listing’s count does not count', async () => {
    await db.schema.createTable('muitas', (t) => t.integer('id').primary());
    for (let start = 1; start <= COUNT_LIMIT; start += 500)
      await db('muitas').insert(Array.from({ length: 500 }, (_, i) => ({ id: start + i })));
    expect(await page({ limit: 1 }, 'muitas')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: true });
    await db('muitas').insert({ id: COUNT_LIMIT + 1 });
    // Counted plainly (it was under the limit last time), then behind the limit: the same answer either way.
    expect(await page({ limit: 1 }, 'muitas')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    expect(await page({ limit: 1 }, 'muitas')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    await db('muitas')
      .where({ id: COUNT_LIMIT + 1 })
      .delete();
    expect(await page({ limit: 1 }, 'muitas')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: true });
    await db('muitas').insert({ id: COUNT_LIMIT + 1 });
    expect(await page({ limit: 1 }, 'muitas')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    const carried = await page({ limit: 1, afterId: 1, total: { count: 3, exact: true } }, 'muitas');
    expect(carried).to.deep.equal({ items: [{ id: 2 }], totalCount: 3, totalCountExact: true, nextAfterId: 2 });
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
