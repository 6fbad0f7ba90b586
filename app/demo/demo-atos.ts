import type { AtoAdmissao } from '../atos-pessoal/admissoes.repository.ts';
import type { SituacaoAto, TipoAtoAdmissao } from '../atos-pessoal/atos-pessoal.codes.ts';
import type { AtoDePessoal, NewAto } from '../atos-pessoal/atos-pessoal.repository.ts';
import type { ConcessaoBeneficio } from '../atos-pessoal/concessoes.repository.ts';
import { fromCentavos } from '../records/money.ts';
import type { DemoUgRecord } from './demo-contratacoes.ts';
import { demoPessoa } from './demo-people.ts';
import type { SeededRandom } from './random.ts';

const cargos = [
  'Professor MaPB',
  'Técnico de Enfermagem',
  'Enfermeiro',
  'Médico Clínico Geral',
  'Agente Comunitário de Saúde',
  'Assistente Administrativo',
  'Auxiliar de Serviços Gerais',
  'Guarda Municipal',
  'Motorista',
  'Analista de Controle Interno',
];

const fundamentos = {
  voluntaria: 'Art. 40, § 1º, III, da Constituição Federal, c/c a Emenda Constitucional nº 103/2019',
  compulsoria: 'Art. 40, § 1º, II, da Constituição Federal',
  incapacidade_permanente: 'Art. 40, § 1º, I, da Constituição Federal',
  especial: 'Art. 40, § 4º-A, da Constituição Federal (professor)',
  vitalicia: 'Art. 40, § 7º, da Constituição Federal (pensão por morte vitalícia)',
  temporaria: 'Art. 40, § 7º, da Constituição Federal (pensão por morte temporária)',
} as const;

/** Older acts are mostly judged; recent ones wait for the Tribunal's analysis. Judged ones carry processo, certidão, decisão. */
function atoBase(
  random: SeededRandom,
  ugId: number,
  ano: number,
  currentYear: number,
  counter: { n: number },
): Omit<NewAto<AtoDePessoal>, 'at'> & { at: Date } {
  const situacao: SituacaoAto =
    ano < currentYear - 1
      ? random.weighted({ registrado: 12, registro_negado: 1, arquivado: 1 })
      : random.weighted({ aguardando_analise: 4, em_analise: 4, registrado: 3, registro_negado: 1 });
  const n = ++counter.n;
  const judged = situacao === 'registrado' || situacao === 'registro_negado';
  return {
    ugId,
    numeroProcesso: situacao === 'aguardando_analise' ? null : `${String(n).padStart(5, '0')}/${ano}-${n % 10}`,
    numeroCertidao: judged ? `${String(n).padStart(4, '0')}/${ano + 1}` : null,
    numeroDecisao: judged ? `${String(n + 1000).padStart(5, '0')}/${ano + 1}-${(n + 3) % 10}` : null,
    anoReferencia: ano,
    dataPublicacao: `${ano}-${String(random.int(1, 12)).padStart(2, '0')}-${String(random.int(1, 28)).padStart(2, '0')}`,
    situacao,
    at: new Date(Date.UTC(ano, 11, 31)),
  };
}

export function demoAdmissoes(random: SeededRandom, ugs: DemoUgRecord[], today: Date): Array<NewAto<AtoAdmissao>> {
  const currentYear = today.getUTCFullYear();
  const counter = { n: 0 };
  return ugs
    .filter((ug) => ug.kind !== 'previdencia')
    .flatMap((ug) =>
      Array.from({ length: ug.kind === 'prefeitura' ? random.int(20, 40) : random.int(3, 10) }, () => {
        const base = atoBase(random, ug.id, random.int(currentYear - 3, currentYear), currentYear, counter);
        const tipoAto = random.weighted<TipoAtoAdmissao>({
          concurso_publico: 6,
          processo_seletivo: 3,
          contratacao_emergencial: 1,
          emprego_publico: 0.5,
        });
        return { ...base, servidor: demoPessoa(random), cargo: random.pick(cargos), tipoAto, dataHomologacao: base.dataPublicacao };
      }),
    );
}

export function demoConcessoes(random: SeededRandom, ugs: DemoUgRecord[], today: Date): Array<NewAto<ConcessaoBeneficio>> {
  const currentYear = today.getUTCFullYear();
  const counter = { n: 50000 };
  return ugs
    .filter((ug) => ug.kind === 'previdencia')
    .flatMap((ug) =>
      Array.from({ length: random.int(40, 80) }, () => {
        const base = atoBase(random, ug.id, random.int(currentYear - 3, currentYear), currentYear, counter);
        const pensao = random.chance(0.3);
        const subtipo = pensao
          ? random.weighted({ vitalicia: 4, temporaria: 1 })
          : random.weighted({ voluntaria: 8, compulsoria: 1, incapacidade_permanente: 2, especial: 3 });
        return {
          ...base,
          beneficiario: demoPessoa(random),
          tipo: pensao ? ('pensao' as const) : ('aposentadoria' as const),
          subtipo,
          fundamentoLegal: fundamentos[subtipo],
          dataConcessao: base.dataPublicacao,
          valor: fromCentavos(random.int(151_800, 1_800_000)),
        };
      }),
    );
}
