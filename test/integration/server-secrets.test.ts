import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { IntegrationsRepository } from '../../app/integrations/integrations.repository.ts';
import { loadConfig } from '../../app/config.ts';
import { createServices } from '../../app/services.ts';
import { SettingsRepository } from '../../app/settings/settings.repository.ts';
import { loadServerSecrets, PepperMismatchError } from '../../app/settings/server-secrets.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createUg } from '../support/fixtures.ts';

describe('server secrets kept in the database', () => {
  let database: TestDatabase;
  const load = (given: { sessionSecret?: string; secretPepper?: string } = {}) =>
    loadServerSecrets(new SettingsRepository(database.db), new IntegrationsRepository(database.db), given);

  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(() => database.destroy());

  it('generates them on first start and returns the same ones afterwards', async () => {
    const first = await load();
    expect(first.sessionSecret).to.have.length.greaterThan(40);
    expect(first.secretPepper).to.have.length.greaterThan(40).and.not.equal(first.sessionSecret);
    expect(await load()).to.deep.equal(first);
  });

  it("prefers the environment's values", async () => {
    const given = { sessionSecret: 's'.repeat(32), secretPepper: 'p'.repeat(32) };
    expect(await load(given)).to.deep.equal(given);
  });

  it('refuses a pepper that differs from the one existing keys were hashed with', async () => {
    const secrets = await load();
    const services = createServices(database.db, secrets, loadConfig({}));
    const ug = await createUg(services);
    await services.integrations.create(cliCaller, ug.id, { descricao: 'X', permissao: 'leitura' });
    let error: unknown;
    await load({ secretPepper: 'outro-pepper-com-mais-de-32-caracteres' }).catch((err: unknown) => (error = err));
    expect(error).to.be.instanceOf(PepperMismatchError);
    expect((error as Error).message).to.include('SECRET_PEPPER');
    expect(await load()).to.deep.equal(secrets);
  });

  it('accepts a new pepper while no key exists yet', async () => {
    await load();
    const pepper = 'novo-pepper-com-mais-de-32-caracteres';
    expect((await load({ secretPepper: pepper })).secretPepper).to.equal(pepper);
    expect((await load({ secretPepper: pepper })).secretPepper).to.equal(pepper);
  });
});
