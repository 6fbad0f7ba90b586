import { expect } from 'chai';
import { cachePreparedStatements, type SqliteConnection } from '../../knexfile.ts';

/** A connection that counts what it prepares. */
function countingConnection(): SqliteConnection & { prepared: string[] } {
  const prepared: string[] = [];
  return {
    prepared,
    pragma: () => undefined,
    prepare: (sql: string) => {
      prepared.push(sql);
      return { sql };
    },
  };
}

describe('SQLite prepared-statement cache', () => {
  it('prepares a statement once and gives the same one back', () => {
    const conn = countingConnection();
    cachePreparedStatements(conn, 3);
    const first = conn.prepare('select 1');
    expect(conn.prepare('select 1')).to.equal(first);
    expect(conn.prepared).to.deep.equal(['select 1']);
  });

  it('drops the least recently used statement when full, not the oldest prepared', () => {
    const conn = countingConnection();
    cachePreparedStatements(conn, 3);
    for (const sql of ['a', 'b', 'c']) conn.prepare(sql);
    conn.prepare('a'); // used again: 'b' is now the least recently used
    conn.prepare('d'); // full: 'b' goes
    conn.prepare('a');
    conn.prepare('c');
    conn.prepare('d');
    expect(conn.prepared).to.deep.equal(['a', 'b', 'c', 'd']);
    conn.prepare('b');
    expect(conn.prepared).to.deep.equal(['a', 'b', 'c', 'd', 'b']);
  });
});
