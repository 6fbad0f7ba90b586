import express, { type Router } from 'express';
import type { PortalDeps } from './deps.ts';

/**
 * The stable `code` of /api errors an integrator should handle, as the API answers them (the API's error catalogue);
 * each operation lists its own, with examples, in /api/docs.
 */
const errorCodes = [
  { status: 400, code: 'UNKNOWN_PARAMETER', meaning: 'Um parâmetro de consulta que a operação não conhece (cada um citado em errors).' },
  { status: 400, code: 'INVALID_CURSOR', meaning: 'O cursor não foi emitido pelo servidor ou foi alterado.' },
  { status: 400, code: 'MALFORMED_JSON', meaning: 'O corpo da requisição não é um JSON válido.' },
  { status: 401, code: 'INVALID_TOKEN', meaning: 'Token ausente, inválido ou expirado, ou de uma integração renovada, excluída ou bloqueada: obtenha um novo token.' },
  { status: 403, code: 'INSUFFICIENT_SCOPE', meaning: 'A chave não tem a permissão exigida (por exemplo, enviar dados com uma chave “Somente consulta”).' },
  { status: 404, code: 'NOT_FOUND', meaning: 'O registro não existe ou não é visível para a sua unidade gestora (o de outra UG responde igual a um inexistente).' },
  { status: 409, code: 'CONFLICT', meaning: 'Já existe um registro com estes dados (por exemplo, o mesmo número de processo e ano).' },
  { status: 413, code: 'PAYLOAD_TOO_LARGE', meaning: 'O corpo da requisição passa de 1 MiB.' },
  { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', meaning: 'O corpo não foi enviado como application/json.' },
  { status: 422, code: 'VALIDATION_FAILED', meaning: 'Parâmetros ou corpo inválidos: errors lista cada campo, com o caminho e a mensagem.' },
  { status: 500, code: 'INTERNAL_ERROR', meaning: 'Erro inesperado: informe ao suporte o código que vem em detail.' },
];

/** "Documentação da API": public, so the gestor can pass its link to the developer who will use the key. */
export function createApiDocsRoutes({ config }: PortalDeps): Router {
  const router = express.Router();
  router.get('/documentacao-api', (_req, res) => {
    res.render('docs/api', { title: 'Documentação da API', publicUrl: config.publicUrl, tokenTtlSeconds: config.tokenTtlSeconds, errorCodes });
  });
  return router;
}
