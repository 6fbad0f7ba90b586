import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import type { KeyEncryption } from './key-encryption.ts';
import type { SigningKeysRepository } from './signing-keys.repository.ts';

export const SIGNING_ALG = 'ES256';

export interface SigningKeySet {
  /** Changes whenever a key is added: instances compare it to know when to reload. */
  version: number;
  /** Private keys, newest first: the provider signs with the first. */
  privateJwks: JWK[];
  publicJwks: JWK[];
}

/** Access-token signing keys: generated at first start, kept in the database (private part encrypted). */
export class SigningKeysService {
  constructor(
    private readonly repo: SigningKeysRepository,
    private readonly encryption: KeyEncryption,
    /** How long a replaced key stays published: long enough for every token it signed to expire. */
    private readonly retentionMs: number,
  ) {}

  async ensureKey(): Promise<void> {
    if ((await this.repo.latestId()) === 0) await this.rotate();
  }

  /** Adds a new key, which signs from now on; the previous one stays published until its tokens expire. */
  async rotate(): Promise<{ kid: string }> {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' }) as JWK;
    const kid = await calculateJwkThumbprint({ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
    const privateJwk: JWK = { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
    const { d: _private, ...publicJwk } = privateJwk;
    await this.repo.insert({
      kid,
      alg: SIGNING_ALG,
      publicJwk: JSON.stringify(publicJwk),
      privateJwkEncrypted: this.encryption.encrypt(JSON.stringify(privateJwk)),
    });
    return { kid };
  }

  latestVersion(): Promise<number> {
    return this.repo.latestId();
  }

  /** The newest key and those replaced recently enough that tokens they signed may still be valid. */
  async load(now = Date.now()): Promise<SigningKeySet> {
    const stored = await this.repo.list();
    const live = stored.filter(
      (_key, i) => i === 0 || now - (stored[i - 1] as (typeof stored)[number]).createdAt.getTime() < this.retentionMs,
    );
    return {
      version: stored[0]?.id ?? 0,
      privateJwks: live.map((key) => JSON.parse(this.encryption.decrypt(key.privateJwkEncrypted)) as JWK),
      publicJwks: live.map((key) => JSON.parse(key.publicJwk) as JWK),
    };
  }
}
