import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { InvalidTokenError } from '../errors/app-error.ts';
import type { RevocationCache } from './revocation-cache.ts';
import { SIGNING_ALG, type SigningKeysService } from './signing-keys.service.ts';

/** What an access token says about its bearer, once verified. */
export interface AccessToken {
  clientId: string;
  ugId: number;
  ugCodigo: string;
  scopes: string[];
  expiresAt: Date;
}

const KEY_RELOAD_MIN_INTERVAL_MS = 5_000;
/** Verified tokens remembered (until they expire): the ES256 check costs more than the rest of a request. */
const VERIFIED_CACHE_SIZE = 10_000;

interface Verified {
  token: AccessToken;
  secretVersion: number;
}

interface CidadesClaims extends JWTPayload {
  client_id?: unknown;
  scope?: unknown;
  ug_id?: unknown;
  ug_codigo?: unknown;
  sv?: unknown;
}

/** Verifies access tokens locally (signature, issuer, audience, type, algorithm, expiry) and against revocations. */
export class TokenVerifier {
  private jwks: ReturnType<typeof createLocalJWKSet> | undefined;
  private lastLoad = 0;
  private readonly verified = new Map<string, Verified>();

  constructor(
    private readonly keys: SigningKeysService,
    private readonly revocations: RevocationCache,
    private readonly expected: { issuer: string; audience: string },
  ) {}

  /** Expiry and revocation are checked on every call; the signature and claims once per token. */
  async verify(token: string, now = Date.now()): Promise<AccessToken> {
    const { token: access, secretVersion } = this.verified.get(token) ?? (await this.verifyNew(token));
    if (access.expiresAt.getTime() <= now) {
      this.verified.delete(token);
      throw new InvalidTokenError('O token expirou. Obtenha um novo token.');
    }
    await this.revocations.current(now);
    if (this.revocations.isRevoked(access.clientId, secretVersion)) {
      throw new InvalidTokenError('A integração deste token foi renovada, excluída ou bloqueada. Obtenha um novo token.');
    }
    // A permission lowered to `leitura` after the token was issued: it keeps reading, and writing is refused (403).
    if (this.revocations.lostEscrita(access.clientId) && access.scopes.includes('escrita'))
      return { ...access, scopes: access.scopes.filter((scope) => scope !== 'escrita') };
    return access;
  }

  private async verifyNew(token: string): Promise<Verified> {
    const payload = await this.verifySignature(token);
    const { client_id: clientId, scope, ug_id: ugId, ug_codigo: ugCodigo, sv, exp } = payload;
    if (
      typeof clientId !== 'string' ||
      typeof ugId !== 'number' ||
      typeof ugCodigo !== 'string' ||
      typeof sv !== 'number' ||
      typeof exp !== 'number'
    ) {
      throw new InvalidTokenError('O token não foi emitido para esta API.');
    }
    const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
    const verified = { token: { clientId, ugId, ugCodigo, scopes, expiresAt: new Date(exp * 1000) }, secretVersion: sv };
    if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, verified);
    return verified;
  }

  private async verifySignature(token: string): Promise<CidadesClaims> {
    const options = { issuer: this.expected.issuer, audience: this.expected.audience, typ: 'at+jwt', algorithms: [SIGNING_ALG] };
    try {
      try {
        return (await jwtVerify<CidadesClaims>(token, await this.keySet(false), options)).payload;
      } catch (err) {
        // A key added by another instance (`cidades keys rotate`): reload once, then retry.
        if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
        return (await jwtVerify<CidadesClaims>(token, await this.keySet(true), options)).payload;
      }
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw new InvalidTokenError('O token expirou. Obtenha um novo token.');
      if (err instanceof errors.JOSEError) throw new InvalidTokenError('O token é inválido.');
      throw err;
    }
  }

  private async keySet(reload: boolean): Promise<ReturnType<typeof createLocalJWKSet>> {
    const now = Date.now();
    if (!this.jwks || (reload && now - this.lastLoad > KEY_RELOAD_MIN_INTERVAL_MS)) {
      const { publicJwks } = await this.keys.load(now);
      this.jwks = createLocalJWKSet({ keys: publicJwks });
      this.lastLoad = now;
    }
    return this.jwks;
  }
}
