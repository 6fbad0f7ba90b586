import express, { type Router } from 'express';
import type { Config } from '../config.ts';

/** The stable `code` of /api errors an integrator should handle; each operation lists its own in /api/docs. */
const errorCodes = [
  { status: 400, code: 'BAD_REQUEST', meaning: 'Requisição malformada: parâmetro desconhecido, cursor adulterado e semelhantes.' },
  { status: 400, code: 'MALFORMED_JSON', meaning: 'O corpo da requisição não é um JSON válido.' },
  { status: 401, code: 'INVALID_TOKEN', meaning: 'Token ausente, inválido ou expirado, ou de uma integração renovada, excluída ou bloqueada: obtenha um novo token.' },
  { status: 403, code: 'INSUFFICIENT_SCOPE', meaning: 'A chave não tem a permissão exigida (por exemplo, enviar dados com uma chave “Somente consulta”).' },
  { status: 404, code: 'NOT_FOUND', meaning: 'O registro não existe ou não é visível para a sua unidade gestora.' },
  { status: 409, code: 'CONFLICT', meaning: 'O pedido conflita com o estado do registro (por exemplo, um número de processo já cadastrado).' },
  { status: 413, code: 'PAYLOAD_TOO_LARGE', meaning: 'O corpo da requisição passa de 1 MiB.' },
  { status: 422, code: 'VALIDATION_FAILED', meaning: 'Dados inválidos: o campo errors diz o que corrigir em cada campo.' },
  { status: 429, code: 'TOO_MANY_REQUESTS', meaning: 'Muitas requisições: tente de novo após os segundos do cabeçalho Retry-After.' },
  { status: 500, code: 'INTERNAL_ERROR', meaning: 'Erro inesperado: informe ao suporte o código que vem em detail.' },
];

/** "Documentação da API": public, so the gestor can pass its link to the developer who will use the key. */
export function createApiDocsRoutes(config: Pick<Config, 'publicUrl' | 'tokenTtlSeconds'>): Router {
  const router = express.Router();
  router.get('/documentacao-api', (_req, res) => {
    res.render('docs/api', { title: 'Documentação da API', publicUrl: config.publicUrl, tokenTtlSeconds: config.tokenTtlSeconds, errorCodes });
  });
  return router;
}
