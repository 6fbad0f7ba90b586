import { expect } from 'chai';
import { cliCaller } from '../../app/caller.ts';
import { ContratacoesRepository, type NewContratacao } from '../../app/contratacoes/contratacoes.repository.ts';
import { COUNT_LIMIT } from '../../app/db/page.ts';
import { apiCall } from '../support/api.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { contratacaoData } from '../support/data.ts';
import { cnpjFrom } from '../support/fixtures.ts';
import { accessToken, createKey } from '../support/oauth.ts';
import { invalidCursorProblem } from '../support/problems.ts';

interface Envelope {
  items: Array<{ id: number }>;
  totalCount: number;
  totalCountExact: boolean;
  nextCursor: string | null;
}

// A listing's count is taken once, on its first page, and only up to COUNT_LIMIT rows; its cursor carries the count,
// signed, to the following pages.
describe('the list envelope’s totalCount: counted once, up to 10,000, carried by the cursor', function () {
  this.timeout(60_000);
  let t: TestApp;
  let token: string;
  let ugId: number;
  let repository: ContratacoesRepository;
  const author = { clientId: null, userId: null, nome: 'teste' };
  const row = (n: number): NewContratacao => ({
    ...contratacaoData({ numeroProcesso: `${n}/2025` }),
    ugId,
    situacao: 'nao_ha_dados_homologados',
    author,
  });

  before(async () => {
    t = await createTestApp();
    ugId = (await t.services.ugs.create({ codigo: 'GRANDE', nome: 'UG grande', cnpj: cnpjFrom(1) }, cliCaller)).id;
    token = await accessToken(t.app, await createKey(t.services, ugId, 'leitura'));
    repository = new ContratacoesRepository(t.database.db);
    await repository.insertMany(Array.from({ length: COUNT_LIMIT }, (_, i) => row(i + 1)));
  });
  after(() => t.close());

  const list = async (query: string): Promise<Envelope> =>
    (await apiCall(t.app, token, 'get', `/v1/contratacoes?${query}`).expect(200)).body as Envelope;
  const next = (page: Envelope, query = 'limit=2') => list(`${query}&cursor=${encodeURIComponent(page.nextCursor ?? '')}`);

  it('is exact up to 10,000 matching rows; past them it is 10,000 with totalCountExact false', async () => {
    expect(await list('limit=2')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: true });
    await repository.insertMany([row(COUNT_LIMIT + 1)]);
    const beyond = await list('limit=2');
    expect(beyond).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    expect(await list('limit=2&ano=2025')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    expect(await list('limit=2&objeto=material')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
    expect(await list('limit=2&ano=2024')).to.deep.include({ totalCount: 0, totalCountExact: true });
    await t.database
      .db('contratacoes')
      .where({ numero_processo: `${COUNT_LIMIT + 1}/2025` })
      .delete();
  });

  it('is the first page’s count on every following page, whatever changed since', async () => {
    const first = await list('limit=2');
    expect(first).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: true });
    await repository.insertMany([row(COUNT_LIMIT + 2)]);
    const second = await next(first);
    expect(second).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: true });
    expect(second.items.map((c) => c.id)).to.not.include.members(first.items.map((c) => c.id));
    // `limit` may change from page to page; the count goes on.
    expect(await next(second, 'limit=5')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: true });
    // A new listing counts again.
    expect(await list('limit=2')).to.deep.include({ totalCount: COUNT_LIMIT, totalCountExact: false });
  });

  it('refuses a cursor whose count was altered: the cursor is signed', async () => {
    const first = await list('limit=2');
    const [payload = '', signature] = (first.nextCursor ?? '').split('.');
    const position = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(position).to.include({ n: COUNT_LIMIT, e: false });
    for (const altered of [
      { ...position, n: 5 },
      { ...position, e: true },
    ]) {
      const cursor = `${Buffer.from(JSON.stringify(altered)).toString('base64url')}.${signature}`;
      const res = await apiCall(t.app, token, 'get', `/v1/contratacoes?limit=2&cursor=${encodeURIComponent(cursor)}`).expect(400);
      expect(res.body).to.deep.equal(invalidCursorProblem);
    }
  });
});
