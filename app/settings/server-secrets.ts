import { createHash, randomBytes } from 'node:crypto';
import type { IntegrationsRepository } from '../integrations/integrations.repository.ts';
import type { SettingsRepository } from './settings.repository.ts';

export interface ServerSecrets {
  sessionSecret: string;
  secretPepper: string;
}

/** The pepper in use does not match the one the stored secret hashes were made with. */
export class PepperMismatchError extends Error {}

const PEPPER_FINGERPRINT_KEY = 'secret_pepper_sha256';

function fingerprint(pepper: string): string {
  return createHash('sha256').update(`cidades-pepper:${pepper}`).digest('hex');
}

/**
 * What the server logs at start when a secret comes from the database rather than the environment: then a copy of the
 * database alone is enough to hash and check client secrets, decrypt the signing keys (so forge tokens) and sign
 * session cookies. Kept so that a fresh clone starts with no setup; production sets both. Undefined when both are set.
 */
export function databaseSecretsWarning(given: { sessionSecret?: string; secretPepper?: string }): string | undefined {
  const missing = [
    given.secretPepper === undefined ? 'SECRET_PEPPER' : [],
    given.sessionSecret === undefined ? 'SESSION_SECRET' : [],
  ].flat();
  if (missing.length === 0) return undefined;
  return (
    `${missing.join(' and ')} not set: using the value kept in the database, so a copy of the database alone is enough ` +
    'to forge tokens and ride sessions. In production set both from the environment, the same on every instance and for the CLI.'
  );
}

/**
 * The secrets the server needs: from the environment when given, otherwise generated on first start and kept in
 * the database so every instance and every restart shares them. A pepper that differs from the one existing keys
 * were hashed with would silently break every key, so it stops the start instead.
 */
export async function loadServerSecrets(
  settings: SettingsRepository,
  integrations: IntegrationsRepository,
  given: { sessionSecret?: string; secretPepper?: string },
): Promise<ServerSecrets> {
  const generate = () => randomBytes(32).toString('base64url');
  const secrets = {
    sessionSecret: given.sessionSecret ?? (await settings.getOrInsert('session_secret', generate())),
    secretPepper: given.secretPepper ?? (await settings.getOrInsert('secret_pepper', generate())),
  };
  const current = fingerprint(secrets.secretPepper);
  const stored = await settings.getOrInsert(PEPPER_FINGERPRINT_KEY, current);
  if (stored !== current) {
    if ((await integrations.count()) > 0) {
      throw new PepperMismatchError(
        'SECRET_PEPPER difere do usado para gerar os segredos das integrações já cadastradas: com ele, nenhuma chave funcionaria. ' +
          'Use o mesmo SECRET_PEPPER em todas as instâncias e na linha de comando (ou nenhum, para usar o guardado no banco de dados).',
      );
    }
    await settings.set(PEPPER_FINGERPRINT_KEY, current);
  }
  return secrets;
}
