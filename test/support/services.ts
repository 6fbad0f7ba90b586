import { integrationCaller, userCaller, type Caller, type ScopedCaller } from '../../app/caller.ts';
import { loadConfig, type Config } from '../../app/config.ts';
import { AppError } from '../../app/errors/app-error.ts';
import { loadServices } from '../../app/runtime.ts';
import type { Services } from '../../app/services.ts';
import type { ServerSecrets } from '../../app/settings/server-secrets.ts';
import type { User } from '../../app/users/users.repository.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestServices {
  database: TestDatabase;
  config: Config;
  secrets: ServerSecrets;
  services: Services;
  /** Destroys the database, unless it was given (its owner destroys it). */
  close(): Promise<void>;
}

export interface TestServicesOptions {
  /** Environment variables on top of the tests' defaults (a silent log, a local public URL). */
  env?: Record<string, string>;
  /** An existing test database instead of a fresh one: services of another process (an instance, the CLI) on it. */
  database?: TestDatabase;
}

/** The services over a fresh database, wired as app/runtime.ts wires them (secrets stored in the database), no web app. */
export async function createTestServices({ env = {}, database: given }: TestServicesOptions = {}): Promise<TestServices> {
  const database = given ?? (await createTestDatabase());
  const config = loadConfig({ LOG_LEVEL: 'silent', PUBLIC_URL: 'http://127.0.0.1:3000', ...env, DATABASE_URL: database.url });
  const { secrets, services } = await loadServices(database.db, config);
  return { database, config, secrets, services, close: async () => (given ? undefined : database.destroy()) };
}

/** A signed-in user as the caller of a service call, from a fixed documentation address. */
export const callerFor = (user: User): Caller => userCaller(user, '203.0.113.7');

/** A key of UG `ugId` that reads `visibleUgIds`, as the API builds it from a token. */
export const keyCaller = (ugId: number, visibleUgIds: readonly number[], clientId = 'cid_chaveDeTeste'): ScopedCaller =>
  integrationCaller({ clientId, ugId, scopes: ['leitura', 'escrita'] }, visibleUgIds, '203.0.113.7');

/** The AppError a service call rejects with; fails the test if it resolves or rejects with anything else. */
export async function rejects(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}
