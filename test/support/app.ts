import type { Express } from 'express';
import { createApp, requestListener, stopBackgroundTasks, whenReady } from '../../app/app.ts';
import { loadConfig, type Config } from '../../app/config.ts';
import { createLogger, type Logger } from '../../app/logger.ts';
import { createServices, type Services } from '../../app/services.ts';
import { IntegrationsRepository } from '../../app/integrations/integrations.repository.ts';
import { SettingsRepository } from '../../app/settings/settings.repository.ts';
import { loadServerSecrets, type ServerSecrets } from '../../app/settings/server-secrets.ts';
import { withContractCheck } from './contract-recorder.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: Express;
  config: Config;
  services: Services;
  secrets: ServerSecrets;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The whole application over a fresh database, as app/server.ts builds it, minus listening. */
export async function createTestApp(env: Record<string, string> = {}, logger?: Logger): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1:3000', ...env, DATABASE_URL: database.url });
  const secrets = await loadServerSecrets(new SettingsRepository(database.db), new IntegrationsRepository(database.db), config);
  const services = createServices(database.db, secrets, config);
  await services.signingKeys.ensureKey();
  const app = createApp({ config, services, secrets, logger: logger ?? createLogger(config.logLevel) });
  await whenReady(app);
  const close = async () => {
    await stopBackgroundTasks(app);
    await database.destroy();
  };
  // As app/server.ts listens (requestListener), and every /api response a test receives checked against the OpenAPI
  // document (see contract-recorder.ts).
  return { app: await withContractCheck(requestListener(app)), config, services, secrets, database, close };
}
