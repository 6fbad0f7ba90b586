import { expect } from 'chai';
import request from 'supertest';
import { MAX_ID } from '../../app/records/fields.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import type { User } from '../../app/users/users.repository.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { apiCall } from '../support/api.ts';
import { adminToken, createTribunal } from '../support/admin.ts';
import { contratacaoInput } from '../support/data.ts';
import { cnpjFrom, cpfFrom, createUg, createUser } from '../support/fixtures.ts';
import { createKey, type Key } from '../support/oauth.ts';

/** One bad input per row: the request, and the field a 422 VALIDATION_FAILED must name. */
interface Row {
  name: string;
  method: 'get' | 'post' | 'put' | 'patch';
  path: () => string;
  body?: () => Record<string, unknown>;
  field: string;
  message?: string;
}

const NUL = '\u0000';
const TOO_BIG_ID = 2_147_483_648;
const controlMessage = 'Não pode conter caracteres de controle.';

describe('/api input rules: NUL and control characters, ids the columns hold, strict admin bodies (422, never a 500)', () => {
  let t: TestApp;
  let tribunal: Ug;
  let ug: Ug;
  let user: User;
  let key: Key;
  let token: string;
  let contratacao: { id: number; etag: string };

  before(async () => {
    t = await createTestApp();
    tribunal = await createTribunal(t.services);
    ug = await createUg(t.services, { nome: 'Prefeitura Alfa' });
    user = await createUser(t.services);
    key = await createKey(t.services, ug.id, 'leitura');
    ({ token } = await adminToken(t.app, t.services, tribunal));
    const created = await apiCall(t.app, token, 'post', '/v1/contratacoes').send(contratacaoInput()).expect(201);
    contratacao = { id: created.body.id, etag: String(created.headers.etag) };
  });
  after(() => t.close());

  const integracao = () => `/v1/admin/integracoes/${key.id}`;
  const adminUg = () => `/v1/admin/unidades-gestoras/${ug.id}`;
  const usuario = () => `/v1/admin/usuarios/${user.id}`;
  const membro = () => `${adminUg()}/usuarios/${user.id}`;
  const contratacaoPath = () => `/v1/contratacoes/${contratacao.id}`;
  const newIntegracao = (o: Record<string, unknown> = {}) => ({ ugId: ug.id, descricao: 'Folha', permissao: 'leitura', ...o });
  const newUg = (o: Record<string, unknown> = {}) => ({ codigo: 'UGNOVA', nome: 'UG Nova', cnpj: cnpjFrom(901), ...o });
  const newUsuario = (o: Record<string, unknown> = {}) => ({
    nome: 'Ana',
    cpf: cpfFrom(901),
    email: 'ana.nova@example.com',
    isAdmin: false,
    ...o,
  });
  const query = (path: string, name: string, value: string | number) => () => `${path}?${name}=${encodeURIComponent(value)}`;

  const nul: Row[] = [
    {
      name: 'POST integracoes descricao',
      method: 'post',
      path: () => '/v1/admin/integracoes',
      body: () => newIntegracao({ descricao: `a${NUL}b` }),
      field: 'descricao',
    },
    { name: 'PATCH integracao descricao', method: 'patch', path: integracao, body: () => ({ descricao: `a${NUL}` }), field: 'descricao' },
    {
      name: 'PATCH integracao motivo',
      method: 'patch',
      path: integracao,
      body: () => ({ bloqueada: true, motivo: `x${NUL}` }),
      field: 'motivo',
    },
    {
      name: 'POST unidades-gestoras nome',
      method: 'post',
      path: () => '/v1/admin/unidades-gestoras',
      body: () => newUg({ nome: `UG${NUL}` }),
      field: 'nome',
    },
    { name: 'PUT unidade-gestora codigo', method: 'put', path: adminUg, body: () => newUg({ codigo: `U${NUL}G` }), field: 'codigo' },
    { name: 'PATCH unidade-gestora cnpj', method: 'patch', path: adminUg, body: () => ({ cnpj: `${NUL}` }), field: 'cnpj' },
    { name: 'PUT membro papel', method: 'put', path: membro, body: () => ({ papel: `gestor${NUL}` }), field: 'papel' },
    {
      name: 'POST usuarios email',
      method: 'post',
      path: () => '/v1/admin/usuarios',
      body: () => newUsuario({ email: `a${NUL}@example.com` }),
      field: 'email',
    },
    { name: 'PUT usuario nome', method: 'put', path: usuario, body: () => newUsuario({ nome: `Ana${NUL}` }), field: 'nome' },
    { name: 'PATCH usuario cpf', method: 'patch', path: usuario, body: () => ({ cpf: `${NUL}123` }), field: 'cpf' },
    {
      name: 'POST contratacoes objeto',
      method: 'post',
      path: () => '/v1/contratacoes',
      body: () => contratacaoInput({ objeto: `Obj${NUL}` }),
      field: 'objeto',
    },
    {
      name: 'POST contratacoes fornecedor.nome',
      method: 'post',
      path: () => '/v1/contratacoes',
      body: () => contratacaoInput({ fornecedor: { documento: '11.222.333/0001-81', nome: `P${NUL}` } }),
      field: 'fornecedor.nome',
    },
    {
      name: 'PATCH contratacao numeroProcesso',
      method: 'patch',
      path: contratacaoPath,
      body: () => ({ numeroProcesso: `1${NUL}` }),
      field: 'numeroProcesso',
    },
    { name: 'GET admin integracoes q', method: 'get', path: query('/v1/admin/integracoes', 'q', `a${NUL}`), field: 'q' },
    { name: 'GET admin unidades-gestoras q', method: 'get', path: query('/v1/admin/unidades-gestoras', 'q', NUL), field: 'q' },
    { name: 'GET admin usuarios q', method: 'get', path: query('/v1/admin/usuarios', 'q', `${NUL}x`), field: 'q' },
    { name: 'GET admin auditoria clientId', method: 'get', path: query('/v1/admin/auditoria', 'clientId', `c${NUL}`), field: 'clientId' },
    { name: 'GET unidades-gestoras codigo', method: 'get', path: query('/v1/unidades-gestoras', 'codigo', `X${NUL}`), field: 'codigo' },
    { name: 'GET contratacoes objeto', method: 'get', path: query('/v1/contratacoes', 'objeto', `a${NUL}`), field: 'objeto' },
    {
      name: 'GET admissoes numeroProcesso',
      method: 'get',
      path: query('/v1/atos-pessoal/admissoes', 'numeroProcesso', `1${NUL}`),
      field: 'numeroProcesso',
    },
    {
      name: 'a control character other than NUL (ESC)',
      method: 'patch',
      path: usuario,
      body: () => ({ nome: 'Ana\u001b[31m' }),
      field: 'nome',
    },
  ].map((row) => ({ ...row, message: controlMessage }) as Row);

  const ids: Row[] = [
    {
      name: 'POST integracoes ugId',
      method: 'post',
      path: () => '/v1/admin/integracoes',
      body: () => newIntegracao({ ugId: TOO_BIG_ID }),
      field: 'ugId',
    },
    {
      name: 'POST unidades-gestoras agregadoraId',
      method: 'post',
      path: () => '/v1/admin/unidades-gestoras',
      body: () => newUg({ agregadoraId: TOO_BIG_ID }),
      field: 'agregadoraId',
    },
    {
      name: 'PUT unidade-gestora agregadoraId',
      method: 'put',
      path: adminUg,
      body: () => newUg({ agregadoraId: TOO_BIG_ID }),
      field: 'agregadoraId',
    },
    {
      name: 'PATCH unidade-gestora agregadoraId',
      method: 'patch',
      path: adminUg,
      body: () => ({ agregadoraId: TOO_BIG_ID }),
      field: 'agregadoraId',
    },
    { name: 'GET admin integracoes ug', method: 'get', path: query('/v1/admin/integracoes', 'ug', TOO_BIG_ID), field: 'ug' },
    { name: 'GET admin auditoria usuario', method: 'get', path: query('/v1/admin/auditoria', 'usuario', TOO_BIG_ID), field: 'usuario' },
    {
      name: 'GET unidades-gestoras agregadoraId',
      method: 'get',
      path: query('/v1/unidades-gestoras', 'agregadoraId', TOO_BIG_ID),
      field: 'agregadoraId',
    },
    { name: 'GET contratacoes ugId', method: 'get', path: query('/v1/contratacoes', 'ugId', TOO_BIG_ID), field: 'ugId' },
  ];

  const unknown = (name: string, method: Row['method'], path: () => string, body: () => Record<string, unknown>): Row => ({
    name,
    method,
    path,
    body: () => ({ ...body(), blocked: true, extra: 1 }),
    field: 'body',
    message: 'Campo desconhecido: blocked, extra.',
  });
  const strict: Row[] = [
    unknown('POST integracoes', 'post', () => '/v1/admin/integracoes', newIntegracao),
    unknown('PATCH integracao', 'patch', integracao, () => ({})),
    unknown('POST unidades-gestoras', 'post', () => '/v1/admin/unidades-gestoras', newUg),
    unknown('PUT unidade-gestora', 'put', adminUg, newUg),
    unknown('PATCH unidade-gestora', 'patch', adminUg, () => ({})),
    unknown('PUT membro', 'put', membro, () => ({ papel: 'membro' })),
    unknown('POST usuarios', 'post', () => '/v1/admin/usuarios', newUsuario),
    unknown('PUT usuario', 'put', usuario, newUsuario),
    unknown('PATCH usuario', 'patch', usuario, () => ({})),
    unknown('POST contratacoes', 'post', () => '/v1/contratacoes', contratacaoInput),
  ];

  for (const [group, rows] of [
    ['NUL and control characters', nul],
    ['ids above 2³¹−1', ids],
    ['unknown fields', strict],
  ] as const) {
    describe(group, () => {
      for (const row of rows) {
        it(`${row.name} → 422 VALIDATION_FAILED naming ${row.field}`, async () => {
          const req = apiCall(t.app, token, row.method, row.path());
          if (row.method === 'put' || row.method === 'patch') req.set('If-Match', contratacao.etag);
          const res = await (row.body ? req.send(row.body()) : req);
          expect(res.status, res.text).to.equal(422);
          expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
          expect(res.body.code).to.equal('VALIDATION_FAILED');
          const error = (res.body.errors as Array<{ field: string; message: string }>).find((e) => e.field === row.field);
          expect(error, res.text).to.not.equal(undefined);
          if (row.message) expect(error?.message).to.equal(row.message);
        });
      }
    });
  }

  it('leaves the key it was asked to block with a misspelled field active', async () => {
    await apiCall(t.app, token, 'patch', integracao()).send({ blocked: true }).expect(422);
    const res = await apiCall(t.app, token, 'get', integracao()).expect(200);
    expect(res.body.situacao).to.equal('ativa');
  });

  it('reads a body nested deeper than the call stack goes, with a NUL at its bottom, as any other (422)', async () => {
    const depth = 200_000;
    const body = `{"descricao":"Folha","extra":${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}}`;
    const res = await apiCall(t.app, token, 'patch', integracao()).type('json').send(body);
    expect(res.status, res.text.slice(0, 300)).to.equal(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['body', `extra${'.0'.repeat(depth)}`]);
  });

  it('keeps tab and line breaks, which are text, in a string', async () => {
    const res = await apiCall(t.app, token, 'patch', integracao()).send({ descricao: 'Folha\tde\r\npagamento' }).expect(200);
    expect(res.body.descricao).to.equal('Folha\tde\r\npagamento');
  });

  it('states the rules in the document: strings without control characters, ids up to 2³¹−1, closed write bodies', async () => {
    const doc = (await request(t.app).get('/api/openapi.json').expect(200)).body;
    type Node = Record<string, unknown>;
    const nodes = (schema: unknown, name = ''): Array<{ name: string; node: Node }> => {
      if (typeof schema !== 'object' || schema === null) return [];
      const children = Object.entries(schema).flatMap(([key, value]) =>
        Array.isArray(value) ? value.flatMap((v) => nodes(v, name)) : nodes(value, key === 'properties' || key === 'items' ? name : key),
      );
      return [{ name, node: schema as Node }, ...children];
    };
    const operations = Object.values(doc.paths as Record<string, Record<string, Node>>).flatMap((item) => Object.values(item));
    const inputs = operations.flatMap((op) => [
      ...((op.parameters ?? []) as Array<{ name: string; schema: unknown }>).flatMap((p) => nodes(p.schema, p.name)),
      ...nodes((op.requestBody as { content: Record<string, { schema: unknown }> } | undefined)?.content['application/json']?.schema),
    ]);
    const strings = inputs.filter(({ node }) => node.type === 'string');
    expect(strings.length).to.be.greaterThan(50);
    for (const { name, node } of strings) {
      const own = ['enum', 'format', 'pattern'].filter((k) => k in node);
      expect(own, `${name}: ${JSON.stringify(node)}`).to.not.deep.equal([]);
    }
    expect(
      strings.filter(({ node }) => node.pattern === '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$').length,
    ).to.be.greaterThan(20);
    const ids = inputs.filter(({ name, node }) => node.type === 'integer' && /^(id|ug|usuario|userId|\w+Id)$/.test(name));
    expect(ids.map((i) => i.name)).to.include.members(['id', 'ug', 'usuario', 'userId', 'ugId', 'agregadoraId']);
    for (const { name, node } of ids) expect(node.maximum, name).to.equal(MAX_ID);
    const bodies = operations.filter((op) => op.requestBody);
    expect(bodies.length).to.equal(12);
    for (const op of bodies) {
      const schema = (op.requestBody as { content: Record<string, { schema: Node }> }).content['application/json']!.schema;
      expect(schema.additionalProperties, String(op.operationId)).to.equal(false);
    }
  });
});
