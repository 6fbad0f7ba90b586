import type { Fase, Modalidade, SituacaoContratacao } from '../contratacoes/contratacoes.codes.ts';
import type { NewContratacao } from '../contratacoes/contratacoes.repository.ts';
import type { Authorship } from '../caller.ts';
import { fromCentavos } from '../records/money.ts';
import type { SeededRandom } from './random.ts';

export interface DemoUgRecord {
  id: number;
  cnpj: string;
  kind: 'prefeitura' | 'camara' | 'fundo' | 'previdencia' | 'autarquia';
}

const objetos = [
  'Aquisição de gêneros alimentícios para a merenda escolar',
  'Contratação de empresa para manutenção preventiva e corretiva da frota municipal',
  'Aquisição de medicamentos da farmácia básica',
  'Prestação de serviços de limpeza e conservação predial',
  'Pavimentação e drenagem de vias urbanas',
  'Fornecimento de combustível (gasolina, etanol e óleo diesel S10)',
  'Aquisição de material de expediente',
  'Locação de imóvel para funcionamento de unidade de saúde',
  'Serviços de coleta e transporte de resíduos sólidos urbanos',
  'Aquisição de equipamentos de informática',
  'Contratação de licença de sistema integrado de gestão pública',
  'Reforma e ampliação de escola municipal de ensino fundamental',
  'Transporte escolar de alunos da zona rural',
  'Aquisição de uniformes escolares',
  'Serviços de vigilância patrimonial desarmada',
  'Fornecimento de oxigênio medicinal',
  'Alienação de veículos e sucatas inservíveis',
  'Credenciamento de clínicas para exames de imagem',
  'Capacitação de servidores em contratações públicas (Lei 14.133/2021)',
  'Aquisição de kits de higiene para a assistência social',
];

const fornecedores = [
  'Distribuidora Capixaba de Alimentos Ltda',
  'Auto Peças Serrana Ltda',
  'Medfarma Comércio de Medicamentos Ltda',
  'Limpa Bem Serviços Gerais Eireli',
  'Construtora Rio Doce S.A.',
  'Posto Itapemirim Ltda',
  'Papelaria Moxuara Ltda',
  'Tecnovix Informática Ltda',
  'Ambiental Norte Capixaba Ltda',
  'Transportes Caparaó Ltda',
  'Segurança Mestre Álvaro Ltda',
  'Oxigênio Vitória Gases Medicinais Ltda',
];

/** Modalidade, fase and how often, for contratações under Lei 14.133/2021 and for the older ones. */
interface Kind {
  modalidade: Modalidade;
  fase: Fase;
  weight: number;
}

const nllcKinds: Kind[] = [
  { modalidade: 6, fase: 'licitacao', weight: 40 },
  { modalidade: 8, fase: 'contratacao_direta', weight: 25 },
  { modalidade: 9, fase: 'contratacao_direta', weight: 8 },
  { modalidade: 4, fase: 'licitacao', weight: 8 },
  { modalidade: 6, fase: 'edital_licitacao', weight: 6 },
  { modalidade: 6, fase: 'ata_registro_precos', weight: 5 },
  { modalidade: 6, fase: 'adesao_ata', weight: 3 },
  { modalidade: 12, fase: 'credenciamento_chamamento', weight: 3 },
  { modalidade: 1, fase: 'licitacao', weight: 2 },
];
const oldKinds: Kind[] = [
  { modalidade: 104, fase: 'licitacao', weight: 50 },
  { modalidade: 102, fase: 'licitacao', weight: 15 },
  { modalidade: 101, fase: 'licitacao', weight: 10 },
  { modalidade: 103, fase: 'licitacao', weight: 5 },
  { modalidade: 8, fase: 'contratacao_direta', weight: 20 },
];

const isoDate = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Older years are mostly homologated by now; the current year mostly awaits the Tribunal. */
function situacaoFor(random: SeededRandom, ano: number, currentYear: number): SituacaoContratacao {
  if (ano < currentYear - 1) return random.chance(0.9) ? 'homologada' : 'nao_ha_dados_homologados';
  if (ano === currentYear - 1) return random.weighted({ homologada: 6, nao_ha_dados_homologados: 3, nao_ha_dados_enviados: 1 });
  return random.weighted({ homologada: 1, nao_ha_dados_homologados: 6, nao_ha_dados_enviados: 3 });
}

/** Where a contratação is for: appended to some objetos, so that a large demo has more than a handful of texts. */
const destinos = [
  'para a Secretaria Municipal de Saúde',
  'para a Secretaria Municipal de Educação',
  'para a Secretaria Municipal de Obras',
  'para a Secretaria Municipal de Assistência Social',
  'para o Gabinete do Prefeito',
  'para a Secretaria Municipal de Agricultura',
  'para a Defesa Civil',
  'para o Almoxarifado Central',
];

/** The share of a demo's contratações in its first UG: one large UG, as a capital's prefeitura is, and many small ones. */
export const MAIN_UG_SHARE = 0.9;

/**
 * `total` contratações, one at a time (a large demo never holds them all in memory), in the order they would have
 * arrived: about MAIN_UG_SHARE of them in the first UG and the rest spread over the others, interleaved, so each UG's
 * ids are scattered over the table as in a real one. Each UG numbers its processos per year.
 */
export function* demoContratacoes(
  random: SeededRandom,
  ugs: DemoUgRecord[],
  author: Authorship,
  today: Date,
  total: number,
): Generator<NewContratacao> {
  const [main, ...others] = ugs;
  if (!main) return;
  const currentYear = today.getUTCFullYear();
  const suppliers = fornecedores.map((nome) => ({ nome, documento: random.cnpj() }));
  const pessoaFisica = { nome: 'Maria das Graças Nunes (pessoa física)', documento: random.cpf() };
  const sequences = new Map<string, number>();
  for (let i = 0; i < total; i++) {
    const ug = others.length === 0 || random.chance(MAIN_UG_SHARE) ? main : random.pick(others);
    const ano = random.int(currentYear - 4, currentYear);
    const seq = (sequences.get(`${ug.id}/${ano}`) ?? 0) + 1;
    sequences.set(`${ug.id}/${ano}`, seq);
    const nllc = ano >= 2024 || (ano === 2023 && random.chance(0.5));
    const kind = random.pickWeighted(nllc ? nllcKinds : oldKinds);
    const mes = ano === currentYear ? random.int(1, today.getUTCMonth() + 1) : random.int(1, 12);
    const estimado = random.int(800, 2_500_000) * 100 + random.int(0, 99);
    const contracted = kind.fase !== 'edital_licitacao';
    const fornecedor = contracted ? (random.chance(0.08) ? pessoaFisica : random.pick(suppliers)) : null;
    const objeto = random.pick(objetos);
    yield {
      ugId: ug.id,
      numeroProcesso: `${String(seq).padStart(4, '0')}/${ano}`,
      ano,
      nllc,
      modalidade: kind.modalidade,
      fase: kind.fase,
      objeto: random.chance(0.5) ? `${objeto} ${random.pick(destinos)}` : objeto,
      valorEstimado: fromCentavos(estimado),
      valorContratado: contracted ? fromCentavos(Math.round(estimado * (0.7 + random.next() * 0.3))) : null,
      dataPublicacao: isoDate(ano, mes, random.int(1, 28)),
      dataAssinatura: contracted ? isoDate(ano, mes, 28) : null,
      vigenciaInicio: contracted ? isoDate(ano, mes, 28) : null,
      vigenciaFim: contracted ? isoDate(ano + 1, mes, 27) : null,
      fornecedor,
      codigoPncp: nllc ? `${ug.cnpj}-1-${String(seq).padStart(6, '0')}/${ano}` : null,
      situacao: situacaoFor(random, ano, currentYear),
      author,
    };
  }
}
