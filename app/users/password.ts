import argon2 from 'argon2';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): sign-in stays fast enough for a portal.
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

let dummyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, options);
}

/** Verifies a password; with no stored hash it still spends the same time, so timing does not reveal accounts. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= argon2.hash('senha-ficticia-para-tempo-constante', options);
  const hash = storedHash ?? (await dummyHash);
  const ok = await argon2.verify(hash, password);
  return storedHash !== null && ok;
}
