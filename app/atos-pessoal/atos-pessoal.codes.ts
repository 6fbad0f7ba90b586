/** Where an ato de pessoal stands in the Tribunal's review. */
export const situacoesAto = {
  aguardando_analise: 'Aguardando análise',
  em_analise: 'Em análise',
  registrado: 'Registrado',
  registro_negado: 'Registro negado',
  arquivado: 'Arquivado',
} as const;

export type SituacaoAto = keyof typeof situacoesAto;
export const situacaoAtoCodes = Object.keys(situacoesAto) as [SituacaoAto, ...SituacaoAto[]];

export const tiposAtoAdmissao = {
  concurso_publico: 'Admissão por concurso público',
  processo_seletivo: 'Contratação temporária por processo seletivo simplificado',
  contratacao_emergencial: 'Contratação temporária emergencial',
  emprego_publico: 'Admissão em emprego público',
} as const;

export type TipoAtoAdmissao = keyof typeof tiposAtoAdmissao;
export const tipoAtoAdmissaoCodes = Object.keys(tiposAtoAdmissao) as [TipoAtoAdmissao, ...TipoAtoAdmissao[]];

/** Each tipo de benefício with its subtipos. */
export const tiposBeneficio = {
  aposentadoria: {
    voluntaria: 'Voluntária',
    compulsoria: 'Compulsória',
    incapacidade_permanente: 'Por incapacidade permanente',
    especial: 'Especial',
  },
  pensao: { vitalicia: 'Vitalícia', temporaria: 'Temporária' },
  reforma: { por_idade: 'Por idade-limite', por_incapacidade: 'Por incapacidade' },
  reserva: { a_pedido: 'Remunerada a pedido', ex_officio: 'Remunerada ex officio' },
} as const;

export type TipoBeneficio = keyof typeof tiposBeneficio;
export const tipoBeneficioCodes = Object.keys(tiposBeneficio) as [TipoBeneficio, ...TipoBeneficio[]];
