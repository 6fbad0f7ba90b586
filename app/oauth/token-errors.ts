import { ServiceUnavailableError } from '../errors/app-error.ts';

/**
 * The token endpoint's refusals keep RFC 6749 §5.2's body, `{ error, error_description }`: a code of §5.2 and an
 * English ASCII description (§5.2 allows only ASCII there, and node-oidc-provider's own descriptions are English). A
 * client acts on `error` and on the HTTP status; the pt-BR explanation is on the "Documentação da API" page (the table
 * below) and in README.
 */
export interface TokenError {
  error: string;
  error_description: string;
}

/**
 * Past a failed-authentication limit: 429 with Retry-After. §5.2 has no code for "too many failed attempts"
 * (temporarily_unavailable is an authorization endpoint code, §4.1.2.1), so the status and Retry-After say it, as at
 * AWS's and most token endpoints, with `invalid_request`, §5.2's code for a request refused as sent. Not
 * `invalid_client`: the refused request may carry the right secret, and its owner would go looking for a wrong one.
 */
export const THROTTLED: TokenError = {
  error: 'invalid_request',
  error_description: 'too many failed client authentication attempts; retry after the seconds in Retry-After',
};

/**
 * The database away: 503 with Retry-After, as the API and the portal answer it. No §5.2 code is about the server, so
 * the status says what to do, and the body names it with the registered code that means "retry later"
 * (temporarily_unavailable); node-oidc-provider's `server_error` stays for an unexpected error (500).
 */
export const UNAVAILABLE: TokenError = {
  error: 'temporarily_unavailable',
  error_description: 'the service is temporarily unavailable; try again later',
};

/** The provider could not be built (an unexpected error, logged): 500, node-oidc-provider's code for it. */
export const NOT_STARTED: TokenError = { error: 'server_error', error_description: 'the token endpoint could not start; try again later' };

export function unavailableHeaders(): Record<string, string> {
  return { 'Retry-After': String(ServiceUnavailableError.retryAfterSeconds), 'Cache-Control': 'no-store' };
}

/** Every answer of POST /oauth/token but a token, by status, in pt-BR: the table of the "Documentação da API" page. */
export const tokenErrorTable: ReadonlyArray<{ status: number; error: string; description: string }> = [
  {
    status: 400,
    error: 'invalid_request',
    description: 'Pedido malformado: sem grant_type, com um parâmetro repetido ou com as credenciais enviadas de duas formas.',
  },
  { status: 400, error: 'unsupported_grant_type', description: 'Só grant_type=client_credentials é aceito.' },
  {
    status: 400,
    error: 'invalid_scope',
    description: 'O scope pedido vai além do que a integração permite (leitura, ou leitura e escrita).',
  },
  { status: 400, error: 'invalid_target', description: 'O resource pedido não é o desta API.' },
  {
    status: 401,
    error: 'invalid_client',
    description: 'Client id ou client secret errados, ou a integração foi renovada, excluída ou bloqueada, ou a sua UG desativada.',
  },
  {
    status: 429,
    error: THROTTLED.error,
    description: 'Autenticações sem sucesso demais deste endereço: aguarde os segundos indicados em Retry-After.',
  },
  { status: 500, error: NOT_STARTED.error, description: 'Erro inesperado: tente de novo e, se persistir, informe ao suporte.' },
  {
    status: 503,
    error: UNAVAILABLE.error,
    description: 'Serviço temporariamente indisponível (o banco de dados): repita depois do tempo indicado em Retry-After.',
  },
];
