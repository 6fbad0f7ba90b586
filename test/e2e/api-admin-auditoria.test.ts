import { expect } from 'chai';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiCall } from '../support/api.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { createUgWithPeople } from '../support/fixtures.ts';
import { accessToken, createKey, type Key } from '../support/oauth.ts';
import { csrfOf, signIn, type Agent } from '../support/portal.ts';
import { invalidCursorProblem, problem, unknownParameterProblem, validationProblem } from '../support/problems.ts';

const BASE = '/v1/admin/auditoria';

interface Item {
  id: number;
  acao: string;
  ator: { usuarioId: number | null; clientId: string | null; nome: string };
  alvo: { tipo: string; id: string | null } | null;
}

describe('/api/v1/admin/auditoria (scope admin)', () => {
  let t: TestApp;
  let people: Awaited<ReturnType<typeof createUgWithPeople>>;
  let token: string;
  let adminKey: Key;

  before(async () => {
    t = await createTestApp();
    people = await createUgWithPeople(t.services);
    const tribunal = await createTribunal(t.services);
    ({ key: adminKey, token } = await adminToken(t.app, t.services, tribunal));
  });
  after(() => t.close());

  const get = (query = '') => apiCall(t.app, token, 'get', `${BASE}${query}`);
  const items = async (query: string): Promise<Item[]> => (await get(query).expect(200)).body.items;
  const actionsOf = (list: Item[]) => list.map((i) => i.acao).reverse();

  it('records every admin change of an integração made through the API, the admin key as the actor', async () => {
    const call = (method: 'post' | 'patch' | 'delete', path: string) => apiCall(t.app, token, method, `/v1/admin/integracoes${path}`);
    const created = await call('post', '').send({ ugId: people.ug.id, descricao: 'ERP', permissao: 'leitura' }).expect(201);
    const id = created.body.id as number;
    await call('patch', `/${id}`).send({ descricao: 'ERP novo' }).expect(200);
    await call('patch', `/${id}`).send({ bloqueada: true, motivo: 'Segredo exposto' }).expect(200);
    await call('patch', `/${id}`).send({ bloqueada: false }).expect(200);
    await call('patch', `/${id}`).send({ renovarSegredo: true }).expect(200);
    await call('delete', `/${id}`).expect(204);

    const byKey = await items(`?clientId=${adminKey.clientId}`);
    expect(actionsOf(byKey)).to.deep.equal([
      'integration.created',
      'integration.updated',
      'integration.blocked',
      'integration.unblocked',
      'integration.secret_renewed',
      'integration.deleted',
    ]);
    const [deleted] = byKey;
    expect(deleted?.ator).to.deep.equal({ usuarioId: null, clientId: adminKey.clientId, nome: `Integração ${adminKey.clientId}` });
    const blocked = (await get(`?acao=integration.blocked&clientId=${adminKey.clientId}`).expect(200)).body;
    const ip = blocked.items[0].ip as string;
    expect(ip).to.match(/127\.0\.0\.1$/);
    expect(blocked).to.deep.equal({
      items: [
        {
          id: blocked.items[0].id,
          data: blocked.items[0].data,
          acao: 'integration.blocked',
          acaoDescricao: 'Integração bloqueada',
          ator: { usuarioId: null, clientId: adminKey.clientId, nome: `Integração ${adminKey.clientId}` },
          ug: { id: people.ug.id, codigo: people.ug.codigo },
          alvo: { tipo: 'integracao', id: String(id) },
          ip,
          detalhes: { clientId: created.body.clientId, motivo: 'Segredo exposto' },
        },
      ],
      totalCount: 1,
      totalCountExact: true,
      nextCursor: null,
    });
    expect(Date.now() - Date.parse(blocked.items[0].data)).to.be.within(0, 60_000);
  });

  it('records every admin change made in the portal, the signed-in Sys Admin as the actor', async () => {
    const admin: Agent = await signIn(t.app, people.admin.email);
    const add = await admin.get(`/unidades-gestoras/${people.ug.id}/integracoes/adicionar`).expect(200);
    const clientId = /name="clientId" value="([^"]+)"/.exec(add.text)?.[1] ?? '';
    const clientSecret = /name="clientSecret" value="([^"]+)"/.exec(add.text)?.[1] ?? '';
    await admin
      .post(`/unidades-gestoras/${people.ug.id}/integracoes`)
      .type('form')
      .send({ _csrf: csrfOf(add.text), clientId, clientSecret, descricao: 'Folha', permissao: 'leitura' })
      .expect(303);
    const [{ id }] = await t.database.db('integracoes').where({ client_id: clientId }).select('id');
    const confirm = async (acao: string, fields: Record<string, string> = {}) => {
      const page = await admin.get(`/admin/integracoes/${id}/${acao}`).expect(200);
      await admin
        .post(`/admin/integracoes/${id}/${acao}`)
        .type('form')
        .send({ _csrf: csrfOf(page.text), ...fields });
    };
    await confirm('bloquear', { motivo: 'Auditoria' });
    await confirm('desbloquear');
    await confirm('renovar');
    await confirm('excluir');

    const byAdmin = (await items(`?usuario=${people.admin.id}`)).filter((i) => i.alvo?.tipo === 'integracao');
    expect(actionsOf(byAdmin)).to.deep.equal([
      'integration.created',
      'integration.blocked',
      'integration.unblocked',
      'integration.secret_renewed',
      'integration.deleted',
    ]);
    expect(
      byAdmin.every(
        (i) =>
          i.ator.usuarioId === people.admin.id &&
          i.ator.nome === people.admin.nome &&
          i.ator.clientId === null &&
          i.alvo?.id === String(id),
      ),
    ).to.equal(true);
  });

  it('filters by ug, usuario, acao and period (days in Brasília), newest first, paged with a cursor', async () => {
    const ugEvents = await items(`?ug=${people.ug.id}`);
    expect(ugEvents.length).to.be.greaterThan(3);
    const ids = ugEvents.map((i) => i.id);
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' }).format(new Date());
    expect((await items(`?ug=${people.ug.id}&de=${today}&ate=${today}`)).map((i) => i.id)).to.deep.equal(ids);
    expect(await items(`?ug=${people.ug.id}&ate=2026-01-01`)).to.deep.equal([]);
    const logins = await items(`?usuario=${people.admin.id}&acao=auth.login`);
    expect(logins.length).to.equal(1);
    expect(logins[0]?.ator).to.deep.equal({ usuarioId: people.admin.id, clientId: null, nome: people.admin.nome });
    expect((await items('?acao=ug.gestor_changed')).map((i) => i.ator.nome)).to.deep.equal(['cidades (linha de comando)']);

    const first = await get(`?ug=${people.ug.id}&limit=2`).expect(200);
    expect(first.body.items.map((i: Item) => i.id)).to.deep.equal(ids.slice(0, 2));
    expect(first.body.totalCount).to.equal(ids.length);
    const second = await get(`?ug=${people.ug.id}&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`).expect(200);
    expect(second.body.items.map((i: Item) => i.id)).to.deep.equal(ids.slice(2, 4));
  });

  it('answers bad filters with 422 VALIDATION_FAILED per field, a forged cursor with 400, an unknown parameter with 400', async () => {
    const bad = await get('?acao=tudo&de=2026-02-30').expect(422);
    expect(bad.body).to.deep.equal(
      validationProblem([
        { field: 'acao', message: 'Escolha uma das ações da lista.' },
        { field: 'de', message: 'Informe uma data válida (dia/mês/ano).' },
      ]),
    );
    const backwards = await get('?de=2026-11-24&ate=2026-11-01').expect(422);
    expect(backwards.body).to.deep.equal(
      validationProblem([{ field: 'ate', message: 'A data final deve ser igual ou posterior à data inicial.' }]),
    );
    const limit = await get('?limit=501').expect(422);
    expect(limit.body).to.deep.equal(validationProblem([{ field: 'limit', message: 'Informe um número inteiro de 1 a 500.' }]));
    expect((await get('?cursor=forjado.abc').expect(400)).body).to.deep.equal(invalidCursorProblem);
    expect((await get('?q=x').expect(400)).body).to.deep.equal(unknownParameterProblem(['q']));
  });

  it('is documented: scope admin, its filters, the list envelope and each error with an example', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    const op = doc.paths['/v1/admin/auditoria'].get;
    expect(op.security).to.deep.equal([{ clientCredentials: ['admin'] }]);
    expect(op.parameters.map((p: { name: string }) => p.name)).to.deep.equal([
      'ug',
      'usuario',
      'clientId',
      'acao',
      'de',
      'ate',
      'limit',
      'cursor',
    ]);
    expect(op.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/AuditoriaLista' });
    expect(Object.keys(op.responses)).to.deep.equal(['200', '400', '401', '403', '422', '500', '503']);
    expect(Object.keys(op.responses['400'].content['application/problem+json'].examples)).to.deep.equal([
      'UNKNOWN_PARAMETER',
      'INVALID_CURSOR',
    ]);
    expect(doc.components.schemas.AuditoriaEvento.required).to.deep.equal([
      'id',
      'data',
      'acao',
      'acaoDescricao',
      'ator',
      'ug',
      'alvo',
      'ip',
      'detalhes',
    ]);
    expect(doc.components.schemas.AuditoriaEvento.properties.acao.enum).to.include.members(['integration.blocked', 'audit.exported']);
  });

  it('refuses keys without the admin scope (403 INSUFFICIENT_SCOPE) and requests without a token (401)', async () => {
    for (const permissao of ['leitura', 'escrita'] as const) {
      const other = await accessToken(t.app, await createKey(t.services, people.ug.id, permissao));
      const res = await apiCall(t.app, other, 'get', BASE).expect(403);
      expect(res.body.code).to.equal('INSUFFICIENT_SCOPE');
    }
    const anonymous = await apiCall(t.app, '', 'get', BASE).unset('Authorization').expect(401);
    expect(anonymous.body).to.deep.equal(problem(401, 'Não autenticado', 'INVALID_TOKEN', anonymous.body.detail));
    expect(anonymous.headers['www-authenticate']).to.match(/^Bearer/);
  });
});
