import { expect } from 'chai';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { createTestApp } from '../support/app.ts';
import { invalidCursorProblem, ugNotFoundProblem, unknownParameterProblem, validationProblem } from '../support/problems.ts';
import { apiCall } from '../support/api.ts';
import type { Permissao } from '../../app/integrations/integrations.schemas.ts';
import { createTenancyWorld, matrixCases, matrixTokens, tokenFor, createTenancyTest, type TenancyTest } from '../support/tenancy.ts';

const emptyList = { items: [], totalCount: 0, nextCursor: null };

function apiUg(ug: Ug) {
  return { id: ug.id, codigo: ug.codigo, nome: ug.nome, cnpj: ug.cnpj, agregadoraId: ug.agregadoraId, ativa: true };
}

describe('GET /api/v1/unidades-gestoras', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  let token: string;

  before(async () => {
    token = await tokenFor(s.t.app, s.t.services, s.w.agr.id, 'leitura');
  });

  it('lists the visible UGs in id order, with codigo, nome, cnpj and agregadora', async () => {
    const res = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras')
      .expect(200)
      .expect('Content-Type', /application\/json/);
    expect(res.body).to.deep.equal({ items: [s.w.agr, s.w.own, s.w.child, s.w.sibling].map(apiUg), totalCount: 4, nextCursor: null });
  });

  it('shows one visible UG', async () => {
    const res = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras/${s.w.child.id}`).expect(200);
    expect(res.body).to.deep.equal({ ...apiUg(s.w.child), agregadoraId: s.w.own.id });
  });

  it('filters by codigo and by agregadora', async () => {
    const byCodigo = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras?codigo=${s.w.sibling.codigo}`).expect(200);
    expect(byCodigo.body).to.deep.equal({ items: [apiUg(s.w.sibling)], totalCount: 1, nextCursor: null });
    const byAgregadora = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras?agregadoraId=${s.w.agr.id}`).expect(200);
    expect(byAgregadora.body.items.map((u: { id: number }) => u.id)).to.deep.equal([s.w.own.id, s.w.sibling.id]);
  });

  it('pages with limit and a cursor until nextCursor is null, each UG once', async () => {
    const first = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras?limit=3').expect(200);
    expect(first.body.items.map((u: { id: number }) => u.id)).to.deep.equal([s.w.agr.id, s.w.own.id, s.w.child.id]);
    expect(first.body.totalCount).to.equal(4);
    expect(first.body.nextCursor).to.be.a('string');
    const second = await apiCall(
      s.t.app,
      token,
      'get',
      `/v1/unidades-gestoras?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    ).expect(200);
    expect(second.body).to.deep.equal({ items: [apiUg(s.w.sibling)], totalCount: 4, nextCursor: null });
  });

  it('ends exactly on a full page without an empty extra page', async () => {
    const res = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras?limit=4').expect(200);
    expect(res.body.items).to.have.length(4);
    expect(res.body.nextCursor).to.equal(null);
  });

  it('refuses a tampered, forged or foreign cursor with 400 INVALID_CURSOR', async () => {
    const { nextCursor } = (await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras?limit=1').expect(200)).body as {
      nextCursor: string;
    };
    const [payload, signature] = nextCursor.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ a: 0 })).toString('base64url');
    // A genuine cursor of another installation (another secret) is as foreign as a forged one.
    const other = await createTestApp();
    const otherWorld = await createTenancyWorld(other.services);
    const otherToken = await tokenFor(other.app, other.services, otherWorld.agr.id, 'leitura');
    const foreign = (await apiCall(other.app, otherToken, 'get', '/v1/unidades-gestoras?limit=1').expect(200)).body.nextCursor as string;
    await other.close();
    for (const cursor of [
      foreign,
      `${forged}.${signature}`,
      // Two characters of the signature changed (never to what they were: "AA" may already be there).
      `${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`,
      payload,
      `${payload}.${signature}.x`,
      'abc',
      '',
      '%%%',
    ]) {
      const res = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras?cursor=${encodeURIComponent(cursor)}`)
        .expect(400)
        .expect('Content-Type', /application\/problem\+json/);
      expect(res.body, cursor).to.deep.equal(invalidCursorProblem);
    }
  });

  it('answers bad limits with 422 VALIDATION_FAILED naming the field, and unknown parameters with 400 naming them', async () => {
    for (const limit of ['0', '501', 'abc', '1.5', '']) {
      const res = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras?limit=${limit}`).expect(422);
      expect(res.body, limit).to.deep.equal(validationProblem([{ field: 'limit', message: 'Informe um número inteiro de 1 a 500.' }]));
    }
    const unknown = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras?situacao=x&ug=1&limit=2').expect(400);
    expect(unknown.body).to.deep.equal(unknownParameterProblem(['situacao', 'ug']));
  });

  it('answers an id that cannot exist (not a number, zero, beyond the column) with 404, never 500', async () => {
    for (const id of ['abc', '0', '-1', '2147483648', '99999999999999999999', '1e3x']) {
      const res = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras/${id}`).expect(404);
      expect(res.body, id).to.include({ status: 404, code: 'NOT_FOUND' });
    }
  });

  it('answers without a token with 401', async () => {
    const res = await apiCall(s.t.app, 'x', 'get', '/v1/unidades-gestoras').expect(401);
    expect(res.body).to.include({ code: 'INVALID_TOKEN' });
  });
});

describe('Unidades gestoras: tenancy matrix', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  let tokens: Awaited<ReturnType<typeof matrixTokens>>;

  before(async () => {
    tokens = await matrixTokens(s.t, s.w);
  });

  for (const permissao of ['leitura', 'escrita'] satisfies Permissao[]) {
    it(`a ${permissao} key lists, shows and filters only its own and aggregated UGs`, async () => {
      for (const { key, visible, hidden } of matrixCases(s.w)) {
        const token = tokens[`${key}-${permissao}`];
        const list = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras?limit=500').expect(200);
        expect(
          list.body.items.map((u: { id: number }) => u.id),
          key,
        ).to.deep.equal(visible.map((u) => u.id));
        for (const ug of visible) await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras/${ug.id}`).expect(200);
        const missing = await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras/999999').expect(404);
        expect(missing.body).to.deep.equal(ugNotFoundProblem);
        for (const ug of hidden) {
          const res = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras/${ug.id}`).expect(404);
          expect(res.body, `${key} → ${ug.nome}`).to.deep.equal(missing.body);
          const byCodigo = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras?codigo=${ug.codigo}`).expect(200);
          expect(byCodigo.body, `${key} → ${ug.nome}`).to.deep.equal(emptyList);
          // Under a hidden aggregator: only the visible UGs whose agregadoraId it is (own's, for own's key), never others.
          const byAgregadora = await apiCall(s.t.app, token, 'get', `/v1/unidades-gestoras?agregadoraId=${ug.id}`).expect(200);
          const expected = visible.filter((v) => v.agregadoraId === ug.id).map(apiUg);
          expect(byAgregadora.body, `${key} → ${ug.nome}`).to.deep.equal({
            items: expected,
            totalCount: expected.length,
            nextCursor: null,
          });
        }
        expect((await apiCall(s.t.app, token, 'get', '/v1/unidades-gestoras?codigo=NAOEXISTE').expect(200)).body).to.deep.equal(emptyList);
      }
    });
  }
});
