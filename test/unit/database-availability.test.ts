import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import { DatabaseAvailability } from '../../app/db/availability.ts';
import { isDatabaseUnavailable, unavailableReason } from '../../app/db/errors.ts';
import { createDb } from '../../app/db/knex.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it('knows the database away, on PostgreSQL, SQLite and in the pool', () => {
    const away = [
      withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433'),
      withCode('ECONNRESET'),
      withCode('57P01', 'terminating connection due to administrator command'),
      withCode('57P02'),
      withCode('57P03', 'the database system is starting up'),
      withCode('08006'),
      withCode('08001'),
      withCode('57014', 'canceling statement due to statement timeout'),
      new Error('Connection terminated unexpectedly'),
      new Error('Query read timeout'),
      new Error('timeout expired'),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }),
      withCode('SQLITE_BUSY', 'database is locked'),
      withCode('SQLITE_BUSY_SNAPSHOT'),
      withCode('SQLITE_CANTOPEN', 'unable to open database file'),
      new Error('wrapped', { cause: withCode('ECONNREFUSED') }),
    ];
    for (const err of away) expect(isDatabaseUnavailable(err), unavailableReason(err)).to.equal(true);
  });

  it('leaves a wrong query, a constraint and any other error to the unexpected-error path', () => {
    const others = [
      withCode('23505', 'duplicate key value violates unique constraint'),
      withCode('42P01', 'relation "x" does not exist'),
      withCode('SQLITE_CONSTRAINT_UNIQUE'),
      withCode('SQLITE_ERROR', 'no such table: x'),
      new Error('timeout expired somewhere else'),
      new TypeError('x is not a function'),
      'Connection terminated',
      null,
    ];
    for (const err of others) expect(isDatabaseUnavailable(err), String(err)).to.equal(false);
  });

  it('says why in one line, with the code', () => {
    expect(unavailableReason(withCode('57P01', 'terminating connection due to administrator command\nmore'))).to.equal(
      '57P01: terminating connection due to administrator command',
    );
    expect(unavailableReason(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433'))).to.equal(
      'connect ECONNREFUSED 127.0.0.1:5433',
    );
  });
});

describe('DatabaseAvailability', () => {
  it('logs one line when an outage starts and one when a query next succeeds, whatever fails in between', async () => {
    const lines: Array<{ msg: string; reason?: string; downMs?: number; err?: unknown }> = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        done();
      },
    });
    const db = createDb(':memory:');
    const availability = new DatabaseAvailability(db);
    availability.start(pino({ level: 'info' }, sink));
    try {
      await db.raw('select 1');
      expect(availability.available).to.equal(true);
      for (let i = 0; i < 50; i++) {
        expect(availability.absorbs(withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5433'))).to.equal(true);
        availability.report(withCode('57P01', 'terminating connection'), 'could not read credential revocations');
      }
      expect(availability.available).to.equal(false);
      await db.raw('select 1');
      await db.raw('select 1');
      expect(availability.available).to.equal(true);
      availability.report(new TypeError('a bug'), 'could not prune expired sessions');
      expect(availability.absorbs(new TypeError('a bug'))).to.equal(false);

      expect(lines.map((line) => line.msg)).to.deep.equal([
        'database unavailable',
        'database available again',
        'could not prune expired sessions',
      ]);
      expect(lines[0]?.reason).to.equal('connect ECONNREFUSED 127.0.0.1:5433');
      expect(lines[1]?.downMs).to.be.a('number');
      expect(lines[2]?.err).to.have.property('stack');
    } finally {
      availability.stop();
      await db.destroy();
    }
  });
});
