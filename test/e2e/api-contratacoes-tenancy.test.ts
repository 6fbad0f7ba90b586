import { expect } from 'chai';
import request from 'supertest';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import { contratacaoData, contratacaoInput, keyOf } from '../support/data.ts';
import { contratacaoNotFound, problem } from '../support/problems.ts';
import { worldUgs } from '../support/read-matrix.ts';
import { matrixCases, matrixTokens, createTenancyTest, type TenancyTest, type TenancyRole } from '../support/tenancy.ts';

const insufficientScope = problem(403, 'Acesso negado', 'INSUFFICIENT_SCOPE', 'Esta operação exige o escopo "escrita".');
const otherUg = problem(403, 'Acesso negado', 'FORBIDDEN', 'Esta integração só pode alterar as contratações da própria unidade gestora.');

const writes = [
  { method: 'put', body: () => contratacaoInput({ numeroProcesso: 'MATRIZ', objeto: 'Alterada por outra UG' }) },
  { method: 'patch', body: () => ({ objeto: 'Alterada por outra UG' }) },
  { method: 'delete', body: () => undefined },
] as const;

describe('Contratações: writes in the tenancy and permission matrix', () => {
  let s: TenancyTest;
  before(async () => {
    s = await createTenancyTest();
  });
  after(() => s.t.close());
  let tokens: Awaited<ReturnType<typeof matrixTokens>>;
  let perUg: Map<number, number>;

  before(async () => {
    tokens = await matrixTokens(s.t, s.w);
    perUg = new Map();
    for (const ug of worldUgs(s.w)) {
      const { contratacao } = await s.t.services.contratacoes.create(
        await keyOf(s.t.services, ug),
        contratacaoData({ numeroProcesso: 'MATRIZ' }),
      );
      perUg.set(ug.id, contratacao.id);
    }
  });

  const send = (method: 'post' | 'put' | 'patch' | 'delete', token: string, path: string, body?: object) => {
    const req = request(s.t.app)[method](`/api/v1/contratacoes${path}`).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body);
  };
  const untouched = async () => {
    const rows = await s.t.database
      .db('contratacoes')
      .whereIn('id', [...perUg.values()])
      .select<Array<{ versao: number; objeto: string }>>('versao', 'objeto');
    expect(rows.map((r) => [r.versao, r.objeto])).to.deep.equal([...perUg.values()].map(() => [1, 'Aquisição de material de expediente']));
  };

  it('a read-only key, of its own UG or of the aggregator, gets 403 INSUFFICIENT_SCOPE on every write, and changes nothing', async () => {
    for (const caller of ['own', 'agr'] as const) {
      const token = tokens[`${caller}-leitura`];
      const created = await send('post', token, '', contratacaoInput({ numeroProcesso: 'LEITURA' }))
        .expect(403)
        .expect('WWW-Authenticate', 'Bearer error="insufficient_scope", scope="escrita"');
      expect(created.body, caller).to.deep.equal(insufficientScope);
      for (const { method, body } of writes) {
        const res = await send(method, token, `/${perUg.get(s.w.own.id)}`, body()).expect(403);
        expect(res.body, `${caller} ${method}`).to.deep.equal(insufficientScope);
      }
    }
    expect(await s.t.database.db('contratacoes').where({ numero_processo: 'LEITURA' })).to.have.length(0);
    await untouched();
  });

  it('a read-write key changes only its own UG’s: a visible UG’s record is 403 FORBIDDEN, a hidden one 404 as a missing one', async () => {
    for (const { key, visible, hidden } of matrixCases(s.w)) {
      const token = tokens[`${key}-escrita`];
      const ownUg: Record<TenancyRole, Ug> = { own: s.w.own, agr: s.w.agr };
      for (const { method, body } of writes) {
        for (const ug of visible.filter((v) => v.id !== ownUg[key].id)) {
          const res = await send(method, token, `/${perUg.get(ug.id)}`, body()).expect(403);
          expect(res.body, `${key} ${method} → ${ug.nome}`).to.deep.equal(otherUg);
        }
        for (const ug of hidden) {
          const res = await send(method, token, `/${perUg.get(ug.id)}`, body()).expect(404);
          expect(res.body, `${key} ${method} → ${ug.nome}`).to.deep.equal(contratacaoNotFound);
        }
      }
    }
    await untouched();
  });

  it('a read-write key, even the aggregator’s, creates only in its own UG, whatever the body says', async () => {
    for (const caller of ['own', 'agr'] as const) {
      const res = await send('post', tokens[`${caller}-escrita`], '', contratacaoInput({ numeroProcesso: `NOVA-${caller}` })).expect(201);
      expect(res.body.ugId, caller).to.equal(caller === 'own' ? s.w.own.id : s.w.agr.id);
    }
    const smuggled = await send('post', tokens['agr-escrita'], '', {
      ...contratacaoInput({ numeroProcesso: 'NOVA-x' }),
      ugId: s.w.child.id,
    }).expect(422);
    expect(smuggled.body.errors).to.deep.equal([{ field: 'body', message: 'Campo desconhecido: ugId.' }]);
    const own = await send('patch', tokens['own-escrita'], `/${perUg.get(s.w.own.id)}`, { objeto: 'Alterada pela própria UG' }).expect(200);
    expect(own.body).to.include({ ugId: s.w.own.id, versao: 2 });
  });
});
