import { randomBytes } from 'node:crypto';
import type { SettingsRepository } from './settings.repository.ts';

export interface ServerSecrets {
  sessionSecret: string;
  secretPepper: string;
}

/**
 * The secrets the server needs: from the environment when given, otherwise generated on first start and kept in
 * the database so every instance and every restart shares them.
 */
export async function loadServerSecrets(
  settings: SettingsRepository,
  given: { sessionSecret?: string; secretPepper?: string },
): Promise<ServerSecrets> {
  const generate = () => randomBytes(32).toString('base64url');
  return {
    sessionSecret: given.sessionSecret ?? (await settings.getOrInsert('session_secret', generate())),
    secretPepper: given.secretPepper ?? (await settings.getOrInsert('secret_pepper', generate())),
  };
}
