import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../app/config.ts';

describe('configuration', () => {
  it('has working defaults: port 3000, SQLite under ./data, PUBLIC_URL from the port', () => {
    const config = loadConfig({});
    expect(config).to.deep.include({
      port: 3000,
      databaseUrl: './data/cidades.sqlite3',
      publicUrl: 'http://localhost:3000',
      logLevel: 'info',
      trustProxy: false,
      shutdownTimeoutMs: 10_000,
    });
  });

  it('derives PUBLIC_URL from PORT and drops a trailing slash', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).to.equal('http://localhost:8080');
    expect(loadConfig({ PUBLIC_URL: 'https://cidades.tc.br/' }).publicUrl).to.equal('https://cidades.tc.br');
  });

  it("takes TRUST_PROXY as Express's trust proxy: false, a hop count, or proxy addresses, CIDR ranges and names", () => {
    for (const [value, setting] of [
      ['false', false],
      ['0', false],
      ['', false],
      ['1', 1],
      ['2', 2],
      ['loopback', ['loopback']],
      ['10.0.0.1, 10.0.0.0/8,uniquelocal, ::1', ['10.0.0.1', '10.0.0.0/8', 'uniquelocal', '::1']],
    ] as const) {
      expect(loadConfig({ TRUST_PROXY: value }).trustProxy, value).to.deep.equal(setting);
    }
  });

  it('refuses TRUST_PROXY=true, which would trust the client-written leftmost X-Forwarded-For, saying what to set', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).to.throw(ConfigError, /TRUST_PROXY: .*número de proxies/);
  });

  it('keeps audit events for ever unless AUDIT_RETENTION_DAYS is set', () => {
    expect(loadConfig({}).auditRetentionDays).to.equal(undefined);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '' }).auditRetentionDays).to.equal(undefined);
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '1825' }).auditRetentionDays).to.equal(1825);
  });

  it("sends no e-mail without SMTP_URL; MAIL_FROM defaults to a no-reply address at PUBLIC_URL's host", () => {
    expect(loadConfig({})).to.deep.include({
      smtpUrl: undefined,
      mailFrom: 'CidadES <nao-responda@localhost>',
      noticeJobIntervalMs: 60_000,
    });
    const config = loadConfig({
      PUBLIC_URL: 'https://cidades.tc.br',
      SMTP_URL: 'smtps://avisos:senha@smtp.tc.br:465',
      NOTICE_JOB_INTERVAL_MS: '30000',
    });
    expect(config).to.deep.include({
      smtpUrl: 'smtps://avisos:senha@smtp.tc.br:465',
      mailFrom: 'CidadES <nao-responda@cidades.tc.br>',
      noticeJobIntervalMs: 30_000,
    });
    expect(loadConfig({ MAIL_FROM: 'avisos@tc.br' }).mailFrom).to.equal('avisos@tc.br');
    expect(loadConfig({ MAIL_FROM: 'Tribunal de Contas <avisos@tc.br>' }).mailFrom).to.equal('Tribunal de Contas <avisos@tc.br>');
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).to.equal(3000);
    expect(loadConfig({ METRICS_TOKEN: '' }).metricsToken).to.equal(undefined);
  });

  it('takes METRICS_TOKEN of 32 characters or more', () => {
    expect(loadConfig({}).metricsToken).to.equal(undefined);
    expect(loadConfig({ METRICS_TOKEN: 'x'.repeat(32) }).metricsToken).to.equal('x'.repeat(32));
  });

  for (const [env, variable] of [
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL'],
    [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    [{ SESSION_SECRET: 'curto' }, 'SESSION_SECRET'],
    [{ SECRET_PEPPER: 'curto' }, 'SECRET_PEPPER'],
    [{ METRICS_TOKEN: 'x'.repeat(31) }, 'METRICS_TOKEN'],
    [{ ADMIN_EMAIL: 'nao-e-email', ADMIN_PASSWORD: 'uma-senha-longa' }, 'ADMIN_EMAIL'],
    [{ ADMIN_EMAIL: 'a@b.br' }, 'ADMIN_PASSWORD'],
    [{ TRUST_PROXY: 'talvez' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '-1' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '99' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.300' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: '10.0.0.0/99' }, 'TRUST_PROXY'],
    [{ TRUST_PROXY: 'loopback,,10.0.0.1' }, 'TRUST_PROXY'],
    [{ AUDIT_RETENTION_DAYS: '0' }, 'AUDIT_RETENTION_DAYS'],
    [{ AUDIT_RETENTION_DAYS: '1.5' }, 'AUDIT_RETENTION_DAYS'],
    [{ AUDIT_RETENTION_DAYS: 'sempre' }, 'AUDIT_RETENTION_DAYS'],
    [{ SHUTDOWN_TIMEOUT_MS: '-1' }, 'SHUTDOWN_TIMEOUT_MS'],
    [{ SHUTDOWN_TIMEOUT_MS: '1.5' }, 'SHUTDOWN_TIMEOUT_MS'],
    [{ SMTP_URL: 'http://mail.tce.gov.br' }, 'SMTP_URL'],
    [{ SMTP_URL: 'mail.tce.gov.br:587' }, 'SMTP_URL'],
    [{ MAIL_FROM: 'sem-arroba' }, 'MAIL_FROM'],
    [{ MAIL_FROM: 'CidadES <sem-arroba>' }, 'MAIL_FROM'],
    [{ NOTICE_JOB_INTERVAL_MS: '50' }, 'NOTICE_JOB_INTERVAL_MS'],
  ] as const) {
    it(`stops with a message naming ${variable} for ${JSON.stringify(env)}`, () => {
      expect(() => loadConfig(env)).to.throw(ConfigError, variable);
    });
  }
});
