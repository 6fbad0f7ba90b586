import { expect } from 'chai';
import request from 'supertest';
import { NotFoundError } from '../../app/errors/app-error.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { cpfFrom, createUser } from '../support/fixtures.ts';
import { csrfFrom, visibleText, type Agent } from '../support/portal.ts';
import { startInstances, type Instances } from '../support/server.ts';
import { callerFor, createTestServices } from '../support/services.ts';

const BURST = 10;
const PASSWORD = 'uma-senha-longa-de-teste';
const setupInvalid = 'Este link de configuração não é válido ou já foi usado.';
const passwordInvalid = 'Este link para definir a senha não é válido, já foi usado ou expirou.';

/** BURST visitors, each with a session and CSRF token of its own from `path`, ready to submit its form at once. */
async function visitors(apps: Array<TestApp['app'] | string>, path: string): Promise<Array<{ agent: Agent; _csrf: string }>> {
  return Promise.all(
    Array.from({ length: BURST }, async (_, i) => {
      const agent = request.agent(apps[i % apps.length]);
      return { agent, _csrf: await csrfFrom(agent, path) };
    }),
  );
}

/** Every visitor submits the setup form at once, visitor `i` as Sys Admin `i`: CPF `cpfFrom(firstCpf + i)`, e-mail `prefix-i@tc.br`. */
function submitSetupForms(forms: Array<{ agent: Agent; _csrf: string }>, path: string, firstCpf: number, prefix: string) {
  return Promise.all(
    forms.map(({ agent, _csrf }, i) =>
      agent
        .post(path)
        .type('form')
        .send({
          _csrf,
          nome: `Admin ${i}`,
          cpf: cpfFrom(firstCpf + i),
          email: `${prefix}-${i}@tc.br`,
          password: PASSWORD,
          passwordConfirmation: PASSWORD,
        }),
    ),
  );
}

const statuses = (responses: Array<{ status: number }>) => responses.map((res) => res.status).sort();

describe('one-time links are consumed once under concurrent submissions', () => {
  let t: TestApp;

  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(() => t.close());

  const admins = () => t.database.db('users').where({ is_admin: true }).select('email');
  const audited = async (action: string) => (await t.database.db('audit_events').where({ action }).select('id')).length;

  it('the setup link: of simultaneous form submissions exactly one creates a Sys Admin, the others see the link refused', async () => {
    const token = String(await t.services.setup.issueSetupToken());
    const path = `/setup/${token}`;
    const forms = await visitors([t.app], path);
    const responses = await submitSetupForms(forms, path, 700, 'admin');
    expect(statuses(responses)).to.deep.equal([303, ...Array<number>(BURST - 1).fill(404)]);
    for (const refused of responses.filter((res) => res.status === 404)) expect(visibleText(refused.text)).to.include(setupInvalid);
    const created = await admins();
    expect(created).to.have.length(1);
    const winner = responses.findIndex((res) => res.status === 303);
    expect(created[0]?.email).to.equal(`admin-${winner}@tc.br`);
    expect(await audited('user.created')).to.equal(1);
  });

  it('the setup link through the service: simultaneous calls on separate connections create one Sys Admin', async () => {
    const token = String(await t.services.setup.issueSetupToken());
    const results = await Promise.allSettled(
      Array.from({ length: BURST }, (_, i) =>
        t.services.setup.createFirstAdmin(
          token,
          { nome: `Admin ${i}`, cpf: cpfFrom(800 + i), email: `svc-${i}@tc.br`, password: PASSWORD, passwordConfirmation: PASSWORD },
          null,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).to.have.length(1);
    for (const r of results)
      if (r.status === 'rejected') expect(r.reason).to.be.instanceOf(NotFoundError).and.have.property('message', setupInvalid);
    expect(await admins()).to.have.length(1);
    expect(await t.services.setup.issueSetupToken()).to.equal(null);
  });

  it('a password link: of simultaneous submissions exactly one sets the password', async () => {
    const admin = await createUser(t.services, { isAdmin: true });
    const { user, passwordLink } = await t.services.usersAdmin.create(callerFor(admin), {
      nome: 'Pessoa Link',
      cpf: cpfFrom(901),
      email: 'link@exemplo.gov.br',
      isAdmin: false,
    });
    const path = `/redefinir-senha/${passwordLink.token}`;
    const forms = await visitors([t.app], path);
    const responses = await Promise.all(
      forms.map(({ agent, _csrf }, i) =>
        agent
          .post(path)
          .type('form')
          .send({ _csrf, password: `${PASSWORD}-${i}`, passwordConfirmation: `${PASSWORD}-${i}` }),
      ),
    );
    expect(statuses(responses)).to.deep.equal([303, ...Array<number>(BURST - 1).fill(404)]);
    for (const refused of responses.filter((res) => res.status === 404)) expect(visibleText(refused.text)).to.include(passwordInvalid);
    const winner = responses.findIndex((res) => res.status === 303);
    expect((await t.services.users.authenticate({ email: user.email, password: `${PASSWORD}-${winner}` }, null)).id).to.equal(user.id);
    expect(await audited('user.password_set')).to.equal(1);
  });
});

describe('the setup link submitted at once to two server processes on one database', function () {
  this.timeout(120_000);
  let database: TestDatabase;
  let instances: Instances;

  before(async () => {
    database = await createTestDatabase();
    instances = await startInstances(database.url, 2);
  });
  after(async () => {
    await instances.stop();
    await database.destroy();
  });

  it('creates exactly one Sys Admin, whichever process each submission reaches', async () => {
    const { services, close } = await createTestServices({ database });
    // Issued after both started (each start issues its own while nobody exists): the link both processes now accept.
    const path = `/setup/${String(await services.setup.issueSetupToken())}`;
    await close();
    const forms = await visitors(instances.urls, path);
    const responses = await submitSetupForms(forms, path, 600, 'proc');
    expect(statuses(responses)).to.deep.equal([303, ...Array<number>(BURST - 1).fill(404)]);
    expect(await database.db('users').select('id')).to.have.length(1);
  });
});
