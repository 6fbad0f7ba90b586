import { expect } from 'chai';
import request from 'supertest';
import { IntegrationsRepository } from '../../app/integrations/integrations.repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { csrfFrom, signIn, type Agent } from '../support/portal.ts';

type Role = 'admin' | 'gestor' | 'member' | 'outsider' | 'anonymous';

interface Case {
  name: string;
  method: 'get' | 'post';
  path: (ugId: number, integrationId: number) => string;
  expected: Record<Role, number>;
}

// Who may do what in a UG's Integrações: the gestor and Sys Admins manage, members read, others see nothing.
const cases: Case[] = [
  {
    name: 'list keys',
    method: 'get',
    path: (u) => `/unidades-gestoras/${u}/integracoes`,
    expected: { admin: 200, gestor: 200, member: 200, outsider: 404, anonymous: 303 },
  },
  {
    name: 'open Adicionar',
    method: 'get',
    path: (u) => `/unidades-gestoras/${u}/integracoes/adicionar`,
    expected: { admin: 200, gestor: 200, member: 403, outsider: 404, anonymous: 303 },
  },
  {
    name: 'save a key',
    method: 'post',
    path: (u) => `/unidades-gestoras/${u}/integracoes`,
    expected: { admin: 303, gestor: 303, member: 403, outsider: 404, anonymous: 303 },
  },
  {
    name: "open a key's page (its secrets and usage)",
    method: 'get',
    path: (u, i) => `/unidades-gestoras/${u}/integracoes/${i}`,
    expected: { admin: 200, gestor: 200, member: 200, outsider: 404, anonymous: 303 },
  },
  {
    name: 'confirm renewal',
    method: 'get',
    path: (u, i) => `/unidades-gestoras/${u}/integracoes/${i}/renovar`,
    expected: { admin: 200, gestor: 200, member: 403, outsider: 404, anonymous: 303 },
  },
  {
    name: 'renew',
    method: 'post',
    path: (u, i) => `/unidades-gestoras/${u}/integracoes/${i}/renovar`,
    // Post/Redirect/Get: the new secret is shown by the page the POST redirects to.
    expected: { admin: 303, gestor: 303, member: 403, outsider: 404, anonymous: 303 },
  },
  {
    name: 'confirm deletion',
    method: 'get',
    path: (u, i) => `/unidades-gestoras/${u}/integracoes/${i}/excluir`,
    expected: { admin: 200, gestor: 200, member: 403, outsider: 404, anonymous: 303 },
  },
  {
    name: 'delete',
    method: 'post',
    path: (u, i) => `/unidades-gestoras/${u}/integracoes/${i}/excluir`,
    expected: { admin: 303, gestor: 303, member: 403, outsider: 404, anonymous: 303 },
  },
  {
    name: 'read Auditoria',
    method: 'get',
    path: (u) => `/unidades-gestoras/${u}/auditoria`,
    expected: { admin: 200, gestor: 200, member: 200, outsider: 404, anonymous: 303 },
  },
];

const roles: Role[] = ['admin', 'gestor', 'member', 'outsider', 'anonymous'];

describe("portal: permission matrix of a UG's Integrações", () => {
  let t: TestApp;
  let agents: Record<Role, Agent>;
  let ugId: number;

  before(async () => {
    t = await createTestApp();
    const people = await createUgWithPeople(t.services);
    ugId = people.ug.id;
    agents = {
      admin: await signIn(t.app, people.admin.email),
      gestor: await signIn(t.app, people.gestor.email),
      member: await signIn(t.app, people.member.email),
      outsider: await signIn(t.app, people.outsider.email),
      anonymous: request.agent(t.app),
    };
  });
  after(() => t.close());

  for (const c of cases) {
    for (const role of roles) {
      it(`${role}: ${c.name} → ${c.expected[role]}`, async () => {
        // A fresh key for every case, so deleting or renewing never depends on another case.
        const { integration } = await t.services.integrations.create(
          { userId: null, clientId: null, nome: 'teste', isAdmin: true, ip: null, scope: null },
          ugId,
          { descricao: `${role} ${c.name}`, permissao: 'leitura' },
        );
        const path = c.path(ugId, integration.id);
        const agent = agents[role];
        let res;
        if (c.method === 'get') {
          res = await agent.get(path);
        } else {
          const _csrf = await csrfFrom(agent, role === 'anonymous' ? '/login' : '/unidades-gestoras');
          const form: Record<string, string> = { _csrf };
          if (c.name === 'save a key' && (role === 'admin' || role === 'gestor')) {
            const page = await agent.get(`/unidades-gestoras/${ugId}/integracoes/adicionar`).expect(200);
            form.clientId = /name="clientId" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
            form.clientSecret = /name="clientSecret" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
            form.descricao = 'Nova';
            form.permissao = 'leitura';
          }
          res = await agent.post(path).type('form').send(form);
        }
        expect(res.status, res.text.slice(0, 300)).to.equal(c.expected[role]);
        if (role === 'anonymous') expect(res.headers.location).to.match(/^\/login/);
        const stillThere = await new IntegrationsRepository(t.database.db).findById(integration.id);
        const mayChange = c.expected[role] < 400 && role !== 'anonymous';
        if (c.name === 'delete') expect(stillThere === null).to.equal(mayChange);
        if (c.name === 'renew') expect(stillThere?.secretCreatedAt.getTime() !== integration.secretCreatedAt.getTime()).to.equal(mayChange);
      });
    }
  }
});
