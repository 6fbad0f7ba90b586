import { createApp, stopBackgroundTasks } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { DatabaseUnavailableError, openRuntime } from './runtime.ts';
import { PepperMismatchError } from './settings/server-secrets.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await openRuntime(config, logger);
  const { services } = runtime;
  if (runtime.migrationsApplied.length > 0) logger.info({ migrations: runtime.migrationsApplied }, 'migrations applied');

  if (await services.setup.ensureAdminFromEnv({ email: config.adminEmail, password: config.adminPassword })) {
    logger.info({ email: config.adminEmail }, 'first Sys Admin created from ADMIN_EMAIL');
  }
  const setupToken = await services.setup.issueSetupToken();
  if (setupToken) {
    // Printed, not logged: the link is a one-time credential and must not reach log collectors.
    console.log(`\nNenhum usuário cadastrado. Crie o primeiro administrador em:\n  ${config.publicUrl}/setup/${setupToken}\n`);
  }

  await services.signingKeys.ensureKey();
  const app = createApp({ config, services, secrets: runtime.secrets, logger });
  const server = app.listen(config.port, () => {
    logger.info({ port: config.port, publicUrl: config.publicUrl }, 'CidadES listening');
  });
  server.on('error', (err) => {
    console.error(`Não foi possível escutar na porta ${config.port}: ${err.message}`);
    process.exit(1);
  });

  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => void stopBackgroundTasks(app).finally(() => void runtime.db.destroy().then(() => process.exit(0))));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError || err instanceof PepperMismatchError) {
    console.error(err.message);
  } else {
    console.error('Falha ao iniciar o CidadES:', err);
  }
  process.exit(1);
});
