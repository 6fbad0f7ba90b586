import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { parseTrustProxy, type TrustProxy } from './client-address.ts';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const portMessage = 'deve ser um número de porta entre 1 e 65535';

const workersMessage = 'deve ser um número inteiro de processos entre 1 e 64';

/** Without WEB_CONCURRENCY: one process per CPU, up to this many. */
const MAX_DEFAULT_WORKERS = 8;

const shutdownMessage = 'deve ser um número inteiro de milissegundos entre 0 e 600000';

const ttlMessage = 'deve ser um número inteiro de segundos entre 60 e 86400';

const retentionMessage = 'deve ser um número inteiro de dias entre 1 e 36500';
const msMessage = 'deve ser um número inteiro de milissegundos entre 100 e 600000';
const milliseconds = (fallback: number) =>
  z.coerce.number({ error: msMessage }).int(msMessage).min(100, msMessage).max(600_000, msMessage).default(fallback);

/** An address, alone or after a display name: `nao-responda@tce.gov.br` or `CidadES <nao-responda@tce.gov.br>`. */
const mailFrom = /^(?:[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

const optionalSecret = z.string().min(32, 'deve ter pelo menos 32 caracteres').optional();

const envSchema = z.object({
  PORT: z.coerce.number({ error: portMessage }).int(portMessage).min(1, portMessage).max(65535, portMessage).default(3000),
  DATABASE_URL: z.string().min(1).default('./data/cidades.sqlite3'),
  PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'deve ser uma URL http:// ou https://' }).optional(),
  SESSION_SECRET: optionalSecret,
  SECRET_PEPPER: optionalSecret,
  METRICS_TOKEN: optionalSecret,
  ADMIN_EMAIL: z.email({ error: 'deve ser um endereço de e-mail' }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'deve ser uma URL smtp:// ou smtps:// (smtp://usuario:senha@servidor:587)' }).optional(),
  MAIL_FROM: z.string().regex(mailFrom, 'deve ser um endereço de e-mail, com ou sem nome: CidadES <nao-responda@tce.gov.br>').optional(),
  NOTICE_JOB_INTERVAL_MS: milliseconds(60_000),
  ADMIN_PASSWORD: z.string().min(12, 'deve ter pelo menos 12 caracteres').optional(),
  TOKEN_TTL_SECONDS: z.coerce.number({ error: ttlMessage }).int(ttlMessage).min(60, ttlMessage).max(86400, ttlMessage).default(600),
  WEB_CONCURRENCY: z.coerce.number({ error: workersMessage }).int(workersMessage).min(1, workersMessage).max(64, workersMessage).optional(),
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ error: retentionMessage })
    .int(retentionMessage)
    .min(1, retentionMessage)
    .max(36500, retentionMessage)
    .optional(),
  SHUTDOWN_TIMEOUT_MS: z.coerce
    .number({ error: shutdownMessage })
    .int(shutdownMessage)
    .min(0, shutdownMessage)
    .max(600_000, shutdownMessage)
    .default(10_000),
  DATABASE_TIMEOUT_MS: milliseconds(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(10_000),
  LOG_LEVEL: z.enum(logLevels, { error: `deve ser um de: ${logLevels.join(', ')}` }).default('info'),
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx) => {
      const setting = parseTrustProxy(value);
      if (!(setting instanceof Error)) return setting;
      ctx.issues.push({ code: 'custom', message: setting.message, input: value });
      return z.NEVER;
    }),
});

export interface Config {
  port: number;
  databaseUrl: string;
  publicUrl: string;
  sessionSecret?: string;
  secretPepper?: string;
  /** The bearer token a Prometheus scraper presents to /metrics; without one /metrics answers 404. */
  metricsToken?: string;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: (typeof logLevels)[number];
  /** Express's `trust proxy`: false, a hop count, or the proxies' addresses (client-address.ts). */
  trustProxy: TrustProxy;
  tokenTtlSeconds: number;
  /** Server processes sharing the port (node:cluster); 1 serves from the starting process itself. */
  workers: number;
  /** Audit events older than this many days are removed by the scheduled clean-up; undefined keeps them all. */
  auditRetentionDays?: number;
  /** The SMTP server of the notices' e-mail (nodemailer's URL); without it notices stay in the portal. */
  smtpUrl?: string;
  /** The notices' sender: MAIL_FROM, or `CidadES <nao-responda@` PUBLIC_URL's host `>`. */
  mailFrom: string;
  /** How often each server process asks for the notices job's lease (app/jobs), and the holder runs it. */
  noticeJobIntervalMs: number;
  /** How long SIGTERM waits for the requests in flight before the process exits anyway (non-zero). */
  shutdownTimeoutMs: number;
  /** How long a query waits for a database connection before the request is answered 503 (knexfile.ts). */
  databaseTimeoutMs: number;
  /** PostgreSQL's statement_timeout of the server's queries (not of migrations). */
  statementTimeoutMs: number;
}

export class ConfigError extends Error {}

/** Reads and validates the environment once; the only place that reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blankAsUnset = Object.fromEntries(Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = envSchema.safeParse(blankAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Configuração inválida:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Configuração inválida:\n  ADMIN_EMAIL e ADMIN_PASSWORD devem ser informados juntos');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    sessionSecret: e.SESSION_SECRET,
    secretPepper: e.SECRET_PEPPER,
    metricsToken: e.METRICS_TOKEN,
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    workers: e.WEB_CONCURRENCY ?? Math.min(availableParallelism(), MAX_DEFAULT_WORKERS),
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `CidadES <nao-responda@${new URL(publicUrl).hostname}>`,
    noticeJobIntervalMs: e.NOTICE_JOB_INTERVAL_MS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
  };
}
