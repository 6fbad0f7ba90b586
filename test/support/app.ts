import type { Express } from 'express';
import { createApp } from '../../app/app.ts';
import type { RefusedRequest } from '../../app/draining-server.ts';
import { createLogger, type Logger } from '../../app/logger.ts';
import { withContractCheck } from './contract-recorder.ts';
import { createTestServices, type TestServices, type TestServicesOptions } from './services.ts';

export interface TestApp extends TestServices {
  /** The app's listener, behind the check of every /api response against the OpenAPI document. */
  app: Express;
  /** What the server tells the app of a request the HTTP parser refused (createDrainingServer's `refused`). */
  refused: RefusedRequest;
  /** Stops the app's timers, then closes its services. */
  close(): Promise<void>;
}

/** The whole application over a fresh database (or `database`), as app/server.ts builds it, minus listening. */
export async function createTestApp({ logger, ...options }: TestServicesOptions & { logger?: Logger } = {}): Promise<TestApp> {
  const t = await createTestServices(options);
  await t.services.signingKeys.ensureKey();
  const app = createApp({ config: t.config, services: t.services, secrets: t.secrets, logger: logger ?? createLogger(t.config.logLevel) });
  await app.ready;
  const close = async () => {
    await app.stop();
    await t.close();
  };
  // As app/server.ts listens (app.listener), and every /api response a test receives checked against the OpenAPI
  // document (see contract-recorder.ts).
  return { ...t, app: await withContractCheck(app.listener), refused: app.refused, close };
}
