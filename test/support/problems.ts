/** The exact problem+json bodies the API answers, spelled out here so tests pin them independently of the code. */
export function problem(status: number, title: string, code: string, detail: string, errors?: Array<{ field: string; message: string }>) {
  return { type: 'about:blank', title, status, detail, code, ...(errors ? { errors } : {}) };
}

export function validationProblem(errors: Array<{ field: string; message: string }>) {
  return problem(422, 'Dados inválidos', 'VALIDATION_FAILED', 'Verifique os campos destacados.', errors);
}

export function unknownParameterProblem(names: string[]) {
  const detail = `Parâmetro desconhecido: ${names.map((n) => `"${n}"`).join(', ')}.`;
  return problem(
    400,
    'Requisição inválida',
    'UNKNOWN_PARAMETER',
    detail,
    names.map((field) => ({ field, message: 'Parâmetro desconhecido.' })),
  );
}

export const invalidCursorProblem = problem(
  400,
  'Requisição inválida',
  'INVALID_CURSOR',
  'O cursor é inválido. Use o valor de nextCursor da resposta anterior, sem alterá-lo, na mesma listagem e com os mesmos filtros.',
);
export const ugNotFoundProblem = problem(404, 'Não encontrado', 'NOT_FOUND', 'Unidade gestora não encontrada.');
export const contratacaoNotFound = problem(404, 'Não encontrado', 'NOT_FOUND', 'Contratação não encontrada.');

/** The message of a `fase` that is none of the domain's. */
export const invalidFaseMessage =
  'Valor inválido para a fase: use edital_licitacao, licitacao, contratacao_direta, ata_registro_precos, adesao_ata, credenciamento_chamamento.';
