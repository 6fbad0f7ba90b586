import { expect } from 'chai';
import { keysetPage, type IdOrder, type Page, type PageRequest } from '../../app/db/page.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * keysetPage walked both ways on the database the tests run on (SQLite, or PostgreSQL with DATABASE_URL): rows 1..23,
 * filtered to the even ones (11 rows), 4 a page: ascending 2–8, 10–16, 18–22; descending 22–16, 14–8, 6–2.
 */
describe('keysetPage forwards and back, on a real database', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase({ migrated: false });
    await t.db.schema.createTable('linhas', (table) => {
      table.integer('id').primary();
      table.string('grupo').notNullable();
    });
    const rows = Array.from({ length: 23 }, (_, i) => ({ id: i + 1, grupo: (i + 1) % 2 === 0 ? 'par' : 'impar' }));
    await t.db('linhas').insert(rows);
  });
  after(() => t.destroy());

  const page = (request: PageRequest, order: IdOrder) =>
    keysetPage(
      t.db('linhas').where('grupo', 'par').select('id'),
      { numbered: true, ...request },
      (row: { id: number }) => row,
      'id',
      order,
    );
  const ids = (p: Page<{ id: number }>) => p.items.map((row) => row.id);
  /** What a page says about its neighbours and its place. */
  const around = (p: Page<{ id: number }>) => ({ prev: p.prevBeforeId, next: p.nextAfterId, before: p.rowsBefore?.count });

  const orders = [
    {
      order: 'asc' as const,
      pages: [
        [2, 4, 6, 8],
        [10, 12, 14, 16],
        [18, 20, 22],
      ],
    },
    {
      order: 'desc' as const,
      pages: [
        [22, 20, 18, 16],
        [14, 12, 10, 8],
        [6, 4, 2],
      ],
    },
  ];

  for (const { order, pages } of orders) {
    it(`${order}: walks to the last page and back to the first, each page knowing its neighbours and place`, async () => {
      const forward: Array<Page<{ id: number }>> = [await page({ limit: 4 }, order)];
      for (let next = forward[0]?.nextAfterId; next; next = forward.at(-1)?.nextAfterId)
        forward.push(await page({ limit: 4, afterId: next }, order));
      expect(forward.map(ids)).to.deep.equal(pages);

      const backward: Array<Page<{ id: number }>> = [forward.at(-1) as Page<{ id: number }>];
      for (let prev = backward[0]?.prevBeforeId; prev; prev = backward.at(-1)?.prevBeforeId)
        backward.push(await page({ limit: 4, beforeId: prev }, order));
      expect(backward.map(ids)).to.deep.equal([...pages].reverse());

      const [, middle, last] = pages.map((p) => p[0]);
      const shape = [
        { prev: null, next: pages[0]?.at(-1), before: 0 },
        { prev: middle, next: pages[1]?.at(-1), before: 4 },
        { prev: last, next: null, before: 8 },
      ];
      expect(forward.map(around)).to.deep.equal(shape);
      expect(backward.map(around)).to.deep.equal([...shape].reverse());
      for (const p of [...forward, ...backward]) expect(p).to.deep.include({ totalCount: 11, totalCountExact: true });
    });
  }

  it('goes back from any row to the nearest rows before it, or to the first page when fewer are left', async () => {
    // Ascending, before 14: the 4 even rows below it; 2 and 4 remain before them.
    expect(await page({ limit: 4, beforeId: 14 }, 'asc').then((p) => [ids(p), around(p)])).to.deep.equal([
      [6, 8, 10, 12],
      { prev: 6, next: 12, before: 2 },
    ]);
    // Descending, before 10 means newer than it: 18 to 12, with 22 and 20 before them.
    expect(await page({ limit: 4, beforeId: 10 }, 'desc').then((p) => [ids(p), around(p)])).to.deep.equal([
      [18, 16, 14, 12],
      { prev: 18, next: 12, before: 2 },
    ]);
    // Only 2 and 4 lie before 6 (1, 3 and 5 are filtered out): the first page itself, full.
    expect(await page({ limit: 4, beforeId: 6 }, 'asc').then((p) => [ids(p), around(p)])).to.deep.equal([
      [2, 4, 6, 8],
      { prev: null, next: 8, before: 0 },
    ]);
    // Before the newest row there is nothing: the first page; a position past every row too.
    expect(ids(await page({ limit: 4, beforeId: 22 }, 'desc'))).to.deep.equal([22, 20, 18, 16]);
    expect(ids(await page({ limit: 4, beforeId: 999 }, 'asc'))).to.deep.equal([16, 18, 20, 22]);
  });

  it('without `numbered`, a page going back still knows its neighbours, and a page going forward is as before', async () => {
    const request = (r: PageRequest) => keysetPage(t.db('linhas').where('grupo', 'par').select('id'), r, (row: { id: number }) => row);
    const counted = { totalCount: 11, totalCountExact: true };
    const back = await request({ limit: 4, beforeId: 14 });
    expect(back).to.deep.equal({ items: [6, 8, 10, 12].map((id) => ({ id })), ...counted, nextAfterId: 12, prevBeforeId: 6 });
    const forward = await request({ limit: 4, afterId: 12 });
    expect(forward).to.deep.equal({ items: [14, 16, 18, 20].map((id) => ({ id })), ...counted, nextAfterId: 20 });
  });
});
