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

  constructor(
    private readonly keys: SigningKeysService,
    private readonly revocations: RevocationCache,
    private readonly expected: { issuer: string; audience: string },
  ) {}

  async verify(token: string): Promise<AccessToken> {
    const payload = await this.verifySignature(token);
    const { client_id: clientId, scope, ug_id: ugId, ug_codigo: ugCodigo, sv, exp } = payload;
    if (typeof clientId !== 'string' || typeof ugId !== 'number' || typeof ugCodigo !== 'string' || typeof sv !== 'number' || typeof exp !== 'number') {
      throw new InvalidTokenError('O token não foi emitido para esta API.');
    }
    await this.revocations.ready();
    if (this.revocations.isRevoked(clientId, sv)) {
      throw new InvalidTokenError('A integração deste token foi renovada, excluída ou bloqueada. Obtenha um novo token.');
    }
    const scopes = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
    return { clientId, ugId, ugCodigo, scopes, expiresAt: new Date(exp * 1000) };
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
