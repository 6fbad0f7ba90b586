import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import type { ServerSecrets } from '../settings/server-secrets.ts';

/** What the portal is built from: every portal route factory takes it and destructures what it uses. */
export interface PortalDeps {
  config: Pick<Config, 'publicUrl' | 'tokenTtlSeconds'>;
  services: Services;
  secrets: Pick<ServerSecrets, 'sessionSecret'>;
  logger: Logger;
}
