/**
 * The product on the database given by DATABASE_URL, started as a child by bench/run.ts: the start sequence of
 * app/server.ts (open, migrate, ensure a signing key, build the app), bound to 127.0.0.1 like the ceiling.
 */
import { createApp, stopBackgroundTasks } from '../app/app.ts';
import { loadConfig } from '../app/config.ts';
import { createLogger } from '../app/logger.ts';
import { openRuntime } from '../app/runtime.ts';

const config = loadConfig();
const logger = createLogger(config.logLevel);
const runtime = await openRuntime(config, logger);
await runtime.services.signingKeys.ensureKey();
const app = createApp({ config, services: runtime.services, secrets: runtime.secrets, logger });

const server = app.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`ready ${config.port}\n`);
});
// A clean exit, so that --cpu-prof can write its profile.
process.once('SIGTERM', () => {
  stopBackgroundTasks(app);
  server.close(() => void runtime.db.destroy().finally(() => process.exit(0)));
  server.closeAllConnections();
});
