import fc from 'fast-check';

// Values that break naive input handling, for the generated bad-input test (openapi-inputs.ts builds requests of them).

/** A C0 control character, NUL half the time (the one PostgreSQL refuses in text). */
export const controlChar = fc.oneof(
  fc.constant('\u0000'),
  fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)),
);

/** Strings that break naive code: NUL and control characters, huge, emoji, RTL, combining marks, lone surrogates. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'a\u0000b',
    '\u0000'.repeat(20),
    '',
    ' ',
    '\t\r\n',
    'x'.repeat(10_000),
    '🇧🇷👩🏽‍💻'.repeat(500),
    '\u202eabc\u202c',
    'مرحبا بالعالم',
    'e\u0301'.repeat(300),
    '\ud800',
    '\udfff\ud800',
    '\ufeff',
    "' or '1'='1",
    '%00',
    '1e3',
    '0x1F',
    '-0',
    '９',
    '2025-02-30',
    '9999-99-99',
    'null',
    '__proto__',
  ),
  fc.string({ unit: controlChar, minLength: 1, maxLength: 10 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

/** Numbers past every bound a column or a JSON parser has: ids above 2³¹−1 and 2⁵³, negative, fractional, huge. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(2 ** 31, 2 ** 53, 2 ** 31 + 1, 1e21),
  fc.constantFrom(
    0,
    -1,
    -0,
    0.5,
    1.5,
    2 ** 31 - 1,
    2 ** 31,
    2 ** 32,
    2 ** 53,
    2 ** 53 + 2,
    2 ** 63,
    -(2 ** 31) - 1,
    1e21,
    1e308,
    -1e308,
    5e-324,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value where the schema wants another: wrong types, null, arrays for scalars, objects. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}),
  fc.array(fc.oneof(hostileString, hostileNumber), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostileString, hostileNumber), { maxKeys: 3 }),
);
