import { createHash, randomBytes } from 'node:crypto';

/** A one-time link's token: 192 random bits, of which only the SHA-256 is stored (hashing is enough for random tokens). */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, hash: hashOneTimeToken(token) };
}

export function hashOneTimeToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
