import http from 'node:http';
import cluster from 'node:cluster';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { parseInput } from './errors/parse.ts';
import { createLogger, type Logger } from './logger.ts';
import { relayRevocations } from './oauth/revocation-relay.ts';
import { relayFailures } from './oauth/shared-throttles.ts';
import { DatabaseUnavailableError, openRuntime, type Runtime } from './runtime.ts';
import { databaseSecretsWarning, PepperMismatchError } from './settings/server-secrets.ts';
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
  const server = http.createServer(app.listener).listen(config.port, () => {
    if (cluster.isPrimary) logger.info({ port: config.port, publicUrl: config.publicUrl }, 'CidadES listening');
  });
  server.on('error', (err) => {
    console.error(`Não foi possível escutar na porta ${config.port}: ${err.message}`);
    process.exit(1);
  });
  const shutdown = (signal: string) => {
    logger.info({ signal, pid: process.pid }, 'shutting down');
    server.close(() => void app.stop().finally(() => void runtime.db.destroy().then(() => process.exit(0))));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** Several processes on one port (node:cluster): a worker that dies after listening is replaced; SIGTERM/SIGINT stop them all. */
function supervise(config: Config, logger: Logger): void {
  let stopping = false;
  const fork = () => {
    const worker = cluster.fork();
    let listened = false;
    worker.once('listening', () => {
      listened = true;
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      // One that never listened is broken (port taken, database unreachable): stop instead of restarting forever.
      if (!listened) {
        console.error(`Um processo do servidor terminou antes de começar a atender (${signal ?? code}); o CidadES será encerrado.`);
        stopping = true;
        for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
        process.exitCode = 1;
        return;
      }
      logger.error({ pid: worker.process.pid, code, signal }, 'server process exited; starting another');
      fork();
    });
  };
  relayFailures();
  relayRevocations();
  cluster.once('listening', () =>
    logger.info({ port: config.port, publicUrl: config.publicUrl, workers: config.workers }, 'CidadES listening'),
  );
  for (let i = 0; i < config.workers; i++) fork();
  const shutdown = (signal: NodeJS.Signals) => {
    stopping = true;
    logger.info({ signal }, 'shutting down');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
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
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError || err instanceof PepperMismatchError) {
    console.error(err.message);
  } else {
    console.error('Falha ao iniciar o CidadES:', err);
  }
  process.exit(1);
});
