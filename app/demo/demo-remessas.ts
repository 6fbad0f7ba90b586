import type { Consistencia, NewRemessa } from '../remessas/remessas.repository.ts';
import { tiposAtosPessoal, type SituacaoRemessa, type TipoRemessa } from '../remessas/remessas.codes.ts';
import type { DemoUgRecord } from './demo-contratacoes.ts';
import type { SeededRandom } from './random.ts';

const impeditivas: Consistencia[] = [
  { codigo: 'PCM-001', mensagem: 'Balancete da despesa sem assinatura do contador responsável.', impeditiva: true },
  { codigo: 'PCM-014', mensagem: 'O saldo final do mês anterior difere do saldo inicial informado.', impeditiva: true },
  { codigo: 'FOL-003', mensagem: 'CPF de servidor inválido na folha de pagamento.', impeditiva: true },
  { codigo: 'CON-010', mensagem: 'Contratação sem número de processo informado.', impeditiva: true },
  { codigo: 'ADM-002', mensagem: 'Ato de admissão sem edital de concurso correspondente.', impeditiva: true },
];
const indicativas: Consistencia[] = [
  { codigo: 'PCM-112', mensagem: 'Saldo bancário divergente do extrato anexado.', impeditiva: false },
  { codigo: 'PCM-205', mensagem: 'Despesa empenhada sem liquidação há mais de 90 dias.', impeditiva: false },
  { codigo: 'FOL-120', mensagem: 'Servidor com remuneração acima do teto constitucional.', impeditiva: false },
  { codigo: 'CON-101', mensagem: 'Valor contratado superior ao valor estimado.', impeditiva: false },
  { codigo: 'GER-900', mensagem: 'Arquivo enviado com codificação diferente de UTF-8.', impeditiva: false },
];

const DAY_MS = 24 * 60 * 60 * 1000;

/** The situação a remessa of this age (in months) most plausibly has today. */
function situacaoFor(random: SeededRandom, tipo: TipoRemessa, age: number): SituacaoRemessa {
  if (age <= 1)
    return random.weighted({
      aguardando_envio: 4,
      em_processamento: 2,
      processada_com_impedimento: 2,
      processada_livre_de_impedimento: 2,
      declarada_vazia: 1,
    });
  if (tiposAtosPessoal.includes(tipo)) return random.weighted({ concluida: 8, cancelada: 1, processada_com_impedimento: 1 });
  if (age <= 3)
    return random.weighted({ processada_com_impedimento: 2, processada_livre_de_impedimento: 4, homologada: 4, declarada_vazia: 1 });
  return random.weighted({ homologada: 18, processada_com_impedimento: 1, declarada_vazia: 1 });
}

function consistenciasFor(random: SeededRandom, situacao: SituacaoRemessa): Consistencia[] {
  if (situacao === 'aguardando_envio' || situacao === 'em_processamento' || situacao === 'declarada_vazia') return [];
  const found = new Set<Consistencia>();
  if (situacao === 'processada_com_impedimento') for (let i = random.int(1, 2); i > 0; i--) found.add(random.pick(impeditivas));
  if (random.chance(0.4)) for (let i = random.int(1, 2); i > 0; i--) found.add(random.pick(indicativas));
  return [...found];
}

function tiposFor(random: SeededRandom, ug: DemoUgRecord): TipoRemessa[] {
  const tipos: TipoRemessa[] = ['prestacao_contas_mensal', 'folha_pagamento', 'contratacoes'];
  if ((ug.kind === 'prefeitura' || ug.kind === 'camara') && random.chance(0.3)) tipos.push('admissao');
  if (ug.kind === 'previdencia') tipos.push('concessao_beneficio');
  return tipos;
}

/** The step timestamps of a remessa sent some days after its competência closed. */
function etapas(random: SeededRandom, situacao: SituacaoRemessa, closed: Date, today: Date) {
  const cap = (ms: number) => new Date(Math.min(ms, today.getTime()));
  const sent = situacao === 'aguardando_envio' ? null : cap(closed.getTime() + random.int(3, 15) * DAY_MS + random.int(8, 18) * 3600_000);
  const processed =
    sent && situacao !== 'em_processamento' && situacao !== 'declarada_vazia' ? cap(sent.getTime() + random.int(2, 40) * 60_000) : null;
  const later = (days: number) => (processed ? cap(processed.getTime() + days * DAY_MS) : null);
  return {
    enviadaEm: sent,
    processadaEm: processed,
    homologadaEm: situacao === 'homologada' ? later(random.int(1, 20)) : null,
    encerradaEm: situacao === 'concluida' || situacao === 'cancelada' ? later(random.int(30, 90)) : null,
  };
}

/** Twelve monthly competências up to last month, and last year's annual prestação de contas. */
export function demoRemessas(random: SeededRandom, ugs: DemoUgRecord[], today: Date): NewRemessa[] {
  let protocolo = 0;
  const remessas: NewRemessa[] = [];
  const add = (ug: DemoUgRecord, tipo: TipoRemessa, competencia: string, age: number, closed: Date) => {
    const situacao = situacaoFor(random, tipo, age);
    const steps = etapas(random, situacao, closed, today);
    const numero = steps.enviadaEm ? `${steps.enviadaEm.getUTCFullYear()}.${String(++protocolo).padStart(6, '0')}` : null;
    remessas.push({
      ugId: ug.id,
      tipo,
      competencia,
      situacao,
      protocolo: numero,
      ...steps,
      consistencias: consistenciasFor(random, situacao),
      at: steps.enviadaEm ?? closed,
    });
  };
  for (const ug of ugs) {
    for (let age = 12; age >= 1; age--) {
      const month = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - age, 1));
      const closed = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
      const competencia = `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
      for (const tipo of tiposFor(random, ug)) add(ug, tipo, competencia, age, closed);
    }
    const lastYear = today.getUTCFullYear() - 1;
    add(ug, 'prestacao_contas_anual', String(lastYear), today.getUTCMonth() + 1, new Date(Date.UTC(lastYear + 1, 0, 1)));
  }
  return remessas;
}
