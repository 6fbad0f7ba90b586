import cluster from 'node:cluster';
import { createApp } from './app.ts';
import { UnknownMigrationsError } from './db/knex.ts';
import { createDrainingServer, type DrainingServer } from './draining-server.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { parseInput } from './errors/parse.ts';
import { createLogger, type Logger } from './logger.ts';
import { DatabaseUnavailableError, openRuntime, type Runtime } from './runtime.ts';
import { databaseSecretsWarning, PepperMismatchError } from './settings/server-secrets.ts';
import { onStopSignal, supervise } from './supervisor.ts';
import { envAdminSchema } from './users/users.schemas.ts';

/** Once per start, before any worker and under the start-up lock: the first admin, the setup link, a signing key. */
async function firstStart(config: Config, logger: Logger, runtime: Runtime): Promise<void> {
  const { services } = runtime;
  if (runtime.migrationsApplied.length > 0) logger.info({ migrations: runtime.migrationsApplied }, 'migrations applied');
  // Once per start, here rather than in every process or CLI command (the CLI would say it on every command).
  const secretsWarning = databaseSecretsWarning(config);
  if (secretsWarning) logger.warn(secretsWarning);

  const envAdmin =
    config.adminEmail === undefined ? null : parseInput(envAdminSchema, { email: config.adminEmail, password: config.adminPassword });
  if (envAdmin && (await services.setup.ensureAdminFromEnv(envAdmin))) {
    logger.info({ email: config.adminEmail }, 'first Sys Admin created from ADMIN_EMAIL');
  }
  const setupToken = await services.setup.issueSetupToken();
  if (setupToken) {
    // Printed, not logged: the link is a one-time credential and must not reach log collectors.
    console.log(`\nNenhum usuário cadastrado. Crie o primeiro administrador em:\n  ${config.publicUrl}/setup/${setupToken}\n`);
  }
  await services.signingKeys.ensureKey();
}

function prepare(config: Config, logger: Logger): Promise<Runtime> {
  return openRuntime(config, logger, { firstStart: (runtime) => firstStart(config, logger, runtime) });
}

async function serve(config: Config, logger: Logger, runtime: Runtime): Promise<void> {
  const app = createApp({ config, services: runtime.services, secrets: runtime.secrets, logger });
  await app.ready;
  const { server, drain } = createDrainingServer(app.listener, app.refused);
  server.listen(config.port, () => {
    if (cluster.isPrimary) logger.info({ port: config.port, publicUrl: config.publicUrl }, 'CidadES listening');
  });
  server.on('error', (err) => {
    console.error(`Não foi possível escutar na porta ${config.port}: ${err.message}`);
    process.exit(1);
  });
  onStopSignal((signal) => {
    logger.info({ signal }, 'shutting down');
    void stop(drain, config, logger, () => app.stop().then(() => runtime.db.destroy())).then((code) => process.exit(code));
  });
}

/** Drains the server, then releases what it served with; 1 if requests had to be cut at the bound or releasing failed. */
async function stop(drain: DrainingServer['drain'], config: Config, logger: Logger, release: () => Promise<void>): Promise<number> {
  const cut = await drain(config.shutdownTimeoutMs);
  if (cut > 0) {
    logger.error({ cut, timeoutMs: config.shutdownTimeoutMs }, 'requests still unanswered at the shutdown bound were cut');
    return 1;
  }
  try {
    await release();
    return 0;
  } catch (err) {
    logger.error({ err }, 'could not stop cleanly');
    return 1;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  if (cluster.isWorker) {
    await serve(config, logger, await openRuntime(config, logger, { prepared: true }));
    return;
  }
  const runtime = await prepare(config, logger);
  if (config.workers <= 1) {
    await serve(config, logger, runtime);
    return;
  }
  await runtime.db.destroy();
  supervise(config, logger);
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof DatabaseUnavailableError ||
    err instanceof UnknownMigrationsError ||
    err instanceof PepperMismatchError
  ) {
    console.error(err.message);
  } else {
    console.error('Falha ao iniciar o CidadES:', err);
  }
  process.exit(1);
});
