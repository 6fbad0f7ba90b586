/**
 * Modalidades by the PNCP domain codes (Lei 14.133/2021), and the Lei 8.666/1993 ones that only old records use;
 * the old ones get codes from 101 so they never clash with a code the PNCP may add.
 */
export const modalidades = {
  1: 'Leilão - Eletrônico',
  2: 'Diálogo Competitivo',
  3: 'Concurso',
  4: 'Concorrência - Eletrônica',
  5: 'Concorrência - Presencial',
  6: 'Pregão - Eletrônico',
  7: 'Pregão - Presencial',
  8: 'Dispensa de Licitação',
  9: 'Inexigibilidade',
  10: 'Manifestação de Interesse',
  11: 'Pré-qualificação',
  12: 'Credenciamento',
  13: 'Leilão - Presencial',
  14: 'Inaplicabilidade da Licitação',
  101: 'Convite (Lei 8.666/1993)',
  102: 'Tomada de Preços (Lei 8.666/1993)',
  103: 'Concorrência (Lei 8.666/1993)',
  104: 'Pregão (Lei 10.520/2002)',
  105: 'Regime Diferenciado de Contratações (Lei 12.462/2011)',
} as const satisfies Record<number, string>;

export type Modalidade = keyof typeof modalidades;
export const modalidadeCodes = Object.keys(modalidades).map(Number) as Modalidade[];
/** The last PNCP code: anything above belongs to the laws before Lei 14.133/2021. */
export const LAST_NLLC_MODALIDADE = 14;

export const fases = {
  edital_licitacao: 'Edital de licitação',
  licitacao: 'Licitação',
  contratacao_direta: 'Contratação direta',
  ata_registro_precos: 'Ata de registro de preços',
  adesao_ata: 'Adesão a ata de registro de preços',
  credenciamento_chamamento: 'Credenciamento / chamamento público',
} as const;

export type Fase = keyof typeof fases;
export const faseCodes = Object.keys(fases) as [Fase, ...Fase[]];

/** The situação of a contratação's data with the Tribunal; only the Tribunal homologates. */
export const situacoesContratacao = {
  nao_ha_dados_enviados: 'Não há dados enviados',
  nao_ha_dados_homologados: 'Não há dados homologados',
  homologada: 'Homologada',
} as const;

export type SituacaoContratacao = keyof typeof situacoesContratacao;
export const situacaoContratacaoCodes = Object.keys(situacoesContratacao) as [SituacaoContratacao, ...SituacaoContratacao[]];
