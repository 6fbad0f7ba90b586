import { expect } from 'chai';
import { demoAdmissoes } from '../../app/demo/demo-atos.ts';
import { demoContratacoes, type DemoUgRecord } from '../../app/demo/demo-contratacoes.ts';
import { demoRemessas } from '../../app/demo/demo-remessas.ts';
import { SeededRandom } from '../../app/demo/random.ts';
import { contratacaoSchema } from '../../app/contratacoes/contratacoes.schemas.ts';
import { normalizeCnpj, normalizeCpf } from '../../app/documents/check-digits.ts';

const ugs: DemoUgRecord[] = [
  { id: 1, cnpj: '11222333000181', kind: 'prefeitura' },
  { id: 2, cnpj: '11444777000161', kind: 'previdencia' },
];
const today = new Date('2026-11-24T12:00:00Z');
const author = { clientId: null, userId: null, nome: 'cidades demo' };

function generate(seed: number) {
  const random = new SeededRandom(seed);
  return {
    contratacoes: [...demoContratacoes(random, ugs, author, today, 60)],
    remessas: demoRemessas(random, ugs, today),
    admissoes: demoAdmissoes(random, ugs, today),
  };
}

describe('demo generators', () => {
  it('give the same data for the same seed, and other data for another', () => {
    expect(generate(42)).to.deep.equal(generate(42));
    expect(generate(43).contratacoes).to.not.deep.equal(generate(42).contratacoes);
  });

  it('make as many contratações as asked, about nine in ten in the first UG, the others interleaved with them', () => {
    const many = [
      ...demoContratacoes(new SeededRandom(3), [...ugs, { id: 3, cnpj: '11444777000161', kind: 'camara' }], author, today, 2000),
    ];
    expect(many).to.have.length(2000);
    const inMain = many.filter((c) => c.ugId === 1).length;
    expect(inMain).to.be.within(1750, 1850);
    expect(many.filter((c) => c.ugId === 3).length).to.be.within(50, 150);
    // The small UGs' rows are spread over the whole load, as records arrive over time, not in one block.
    const positions = many.flatMap((c, i) => (c.ugId === 2 ? [i] : []));
    expect(positions[0]).to.be.below(100);
    expect(positions.at(-1)).to.be.above(1900);
  });

  it('make valid documents', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 200; i++) {
      const cpf = random.cpf();
      const cnpj = random.cnpj();
      expect(normalizeCpf(cpf), cpf).to.equal(cpf);
      expect(normalizeCnpj(cnpj), cnpj).to.equal(cnpj);
    }
  });

  it('make contratações the API itself would accept, unique by processo and ano in each UG', () => {
    const { contratacoes } = generate(7);
    for (const c of contratacoes) {
      const { ugId: _ug, situacao: _s, author: _a, ...body } = c;
      const parsed = contratacaoSchema.safeParse(body);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).to.equal(true);
    }
    const keys = contratacoes.map((c) => `${c.ugId}:${c.numeroProcesso}:${c.ano}`);
    expect(new Set(keys).size).to.equal(keys.length);
  });

  it('make twelve monthly competências before the current month, plus last year’s annual one', () => {
    const { remessas } = generate(7);
    const competencias = [...new Set(remessas.filter((r) => r.ugId === 1).map((r) => r.competencia))].sort();
    expect(competencias).to.deep.equal([
      '2025',
      '2025-11',
      '2025-12',
      ...Array.from({ length: 10 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    ]);
    for (const r of remessas) if (r.enviadaEm) expect(r.enviadaEm.getTime()).to.be.at.most(today.getTime());
  });
});
