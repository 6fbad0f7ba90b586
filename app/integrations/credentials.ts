import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * Client secrets look like `cds_<43 base62 chars: 256 random bits><6 base62 chars: CRC32 of the former>`: a fixed
 * prefix lets leak scanners spot them, and the checksum rejects a mistyped secret before any database lookup.
 */
export const SECRET_PREFIX = 'cds_';
export const CLIENT_ID_PREFIX = 'cid_';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // ceil(32 / log2(62))
const CLIENT_ID_BODY_LENGTH = 22; // ceil(128 / log2(62))
const SECRET_PATTERN = new RegExp(`^${SECRET_PREFIX}[0-9A-Za-z]{${SECRET_BODY_LENGTH + CHECKSUM_LENGTH}}$`);
const CLIENT_ID_PATTERN = new RegExp(`^${CLIENT_ID_PREFIX}[0-9A-Za-z]{${CLIENT_ID_BODY_LENGTH}}$`);

function base62(bytes: Uint8Array, length: number): string {
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
  let out = '';
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(length, '0');
}

/** The CRC32 of the body in base62, as base62() writes its four bytes; in plain numbers, checked on every token request. */
function checksum(body: string): string {
  let n = crc32(body);
  let out = '';
  while (n > 0) {
    out = ALPHABET[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out.padStart(CHECKSUM_LENGTH, '0');
}

export function generateClientId(): string {
  return CLIENT_ID_PREFIX + base62(randomBytes(16), CLIENT_ID_BODY_LENGTH);
}

export function isClientIdFormat(value: string): boolean {
  return CLIENT_ID_PATTERN.test(value);
}

export function generateSecret(): string {
  const body = base62(randomBytes(32), SECRET_BODY_LENGTH);
  return SECRET_PREFIX + body + checksum(body);
}

/** True when the value has the secret's shape and its checksum matches: a cheap filter before any lookup. */
export function isSecretFormat(value: string): boolean {
  if (!SECRET_PATTERN.test(value)) return false;
  const body = value.slice(SECRET_PREFIX.length, SECRET_PREFIX.length + SECRET_BODY_LENGTH);
  return value.slice(SECRET_PREFIX.length + SECRET_BODY_LENGTH) === checksum(body);
}

/** Keyed hash (HMAC-SHA-256 with the server pepper): what the database stores instead of the secret. */
export function hashSecret(pepper: string, secret: string): string {
  return createHmac('sha256', pepper).update(secret).digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function safeEqual(hexA: string, hexB: string): boolean {
  const a = Buffer.from(hexA, 'hex');
  const b = Buffer.from(hexB, 'hex');
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

/** The secret's keyed hash equals the stored one (constant time); the format is not checked. */
export function matchesSecretHash(pepper: string, secret: string, storedHash: string): boolean {
  return safeEqual(hashSecret(pepper, secret), storedHash);
}

/** A non-secret reminder of which secret is current: the prefix and the first four random characters. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, SECRET_PREFIX.length + 4)}…`;
}
