/** The kinds of remessa a UG sends to the Tribunal. */
export const tiposRemessa = {
  prestacao_contas_mensal: 'Prestação de contas mensal',
  prestacao_contas_anual: 'Prestação de contas anual',
  folha_pagamento: 'Folha de pagamento',
  contratacoes: 'Contratações',
  edital_concurso: 'Admissão — edital de concurso',
  concurso_homologado: 'Admissão — concurso homologado',
  atualizacao_concurso: 'Admissão — atualização de concurso',
  admissao: 'Admissão',
  concessao_beneficio: 'Concessão de benefícios',
} as const;

export type TipoRemessa = keyof typeof tiposRemessa;
export const tipoRemessaCodes = Object.keys(tiposRemessa) as [TipoRemessa, ...TipoRemessa[]];

/** Remessas of atos de pessoal: after the Tribunal's analysis they end concluída or cancelada. */
export const tiposAtosPessoal: TipoRemessa[] = [
  'edital_concurso',
  'concurso_homologado',
  'atualizacao_concurso',
  'admissao',
  'concessao_beneficio',
];

export const situacoesRemessa = {
  aguardando_envio: 'Aguardando envio',
  declarada_vazia: 'Declarada vazia',
  em_processamento: 'Em processamento',
  processada_com_impedimento: 'Processada com impedimento',
  processada_livre_de_impedimento: 'Processada livre de impedimento',
  homologada: 'Homologada',
  concluida: 'Concluída',
  cancelada: 'Cancelada',
} as const;

export type SituacaoRemessa = keyof typeof situacoesRemessa;
export const situacaoRemessaCodes = Object.keys(situacoesRemessa) as [SituacaoRemessa, ...SituacaoRemessa[]];
