import { AppError, E, F, FieldsError } from './define-error.ts';

export { AppError, FieldsError, errorSpec, errorSpecs, type ErrorSpec, type FieldErrors } from './define-error.ts';

/**
 * The error catalog: each stable code once, with its status, default pt-BR message and the description integrators
 * read. The OpenAPI document, the "Documentação da API" page and README's table are derived from (or checked against)
 * these lines; a throw site names a class, never a code.
 */

/** The record's state forbids the change (e.g. data the Tribunal has homologated); each state has its own code. */
export abstract class StateConflictError extends AppError {}

/** A rule of the data refuses a field's value (e.g. an aggregation cycle): shown next to the field, with its own code. */
export abstract class FieldRuleError extends FieldsError {}

export class ValidationError extends F(422, 'VALIDATION_FAILED', {
  message: 'Verifique os campos destacados.',
  description: 'Parâmetros, cabeçalhos ou corpo inválidos: errors lista cada campo, com o caminho e a mensagem.',
}) {}

export class NotFoundError extends E(404, 'NOT_FOUND', {
  message: 'Recurso não encontrado.',
  description: 'O registro não existe ou não é visível para a integração (o registro de outra UG responde igual a um inexistente).',
}) {}

export class ForbiddenError extends E(403, 'FORBIDDEN', {
  message: 'Você não tem permissão para esta ação.',
  description:
    'A operação não é permitida para estes dados: uma integração vê os registros das UGs sob a sua agregadora, mas só altera os da própria UG; ' +
    'o escopo admin só é concedido na UG do Tribunal.',
}) {}

export class ConflictError extends F(409, 'CONFLICT', {
  message: 'Já existe um registro com estes dados.',
  description: 'Já existe um registro com estes dados (por exemplo, o mesmo número de processo e ano): errors cita o campo.',
}) {}

/** An action a blocked integração cannot take until a Sys Admin unblocks it. */
export class IntegrationBlockedError extends E(409, 'INTEGRATION_BLOCKED', {
  message: 'A integração está bloqueada: desbloqueie-a antes de renovar o segredo.',
  description: 'A integração está bloqueada: desbloqueie-a antes de renovar o segredo.',
}) {}

export class TooManyRequestsError extends E(429, 'TOO_MANY_REQUESTS', {
  message: 'Muitas tentativas. Aguarde e tente de novo.',
  description: 'Tentativas de entrar no portal demais: tente de novo depois do tempo indicado em Retry-After.',
}) {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A missing, malformed, expired, foreign or revoked bearer token (RFC 6750 `invalid_token`). */
export class InvalidTokenError extends E(401, 'INVALID_TOKEN', {
  message: 'O token é inválido. Obtenha um novo token.',
  description:
    'Token ausente, malformado, expirado, de outro emissor ou de uma integração renovada, excluída ou bloqueada: obtenha um novo token.',
}) {}

/** A valid token without the scope the operation needs (RFC 6750 `insufficient_scope`). */
export class InsufficientScopeError extends E(403, 'INSUFFICIENT_SCOPE', {
  message: 'O token não tem o escopo exigido por esta operação.',
  description:
    'O token não tem o escopo exigido (por exemplo, enviar dados com uma chave “Somente consulta”, ou com um token obtido antes de a permissão da chave ser reduzida a ela).',
}) {
  readonly scope: string;

  constructor(scope: string) {
    super(`Esta operação exige o escopo "${scope}".`);
    this.scope = scope;
  }
}

/** Any other request the HTTP layer cannot read (an aborted body, a Content-Length that does not match). */
/** What Node's HTTP parser refuses before any route sees it: a request line and headers over `--max-http-header-size`. */
export class RequestHeadersTooLargeError extends E(431, 'REQUEST_HEADERS_TOO_LARGE', {
  message: 'O endereço e os cabeçalhos da requisição passam de 16 KB: envie menos filtros, ou mais curtos.',
  description: 'O endereço (com os parâmetros) e os cabeçalhos passam de 16 KB juntos.',
}) {}

export class BadRequestError extends E(400, 'BAD_REQUEST', {
  message: 'Requisição inválida.',
  description:
    'A requisição não pôde ser lida (por exemplo, um corpo interrompido ou de tamanho diferente do declarado em Content-Length).',
}) {}

export class MalformedJsonError extends E(400, 'MALFORMED_JSON', {
  message: 'O corpo da requisição não é um JSON válido.',
  description: 'O corpo da requisição não é um JSON válido.',
}) {}

/** A cursor the server did not issue, one altered on the way, or one of another listing or filters: its signature does not match. */
export class InvalidCursorError extends E(400, 'INVALID_CURSOR', {
  message: 'O cursor é inválido. Use o valor de nextCursor da resposta anterior, sem alterá-lo, na mesma listagem e com os mesmos filtros.',
  description: 'O cursor não foi emitido pelo servidor, foi alterado, ou foi emitido para outra listagem ou outros filtros.',
}) {}

/** Query parameters the operation does not know: silently ignoring them would hide a client's typo in a filter. */
export class UnknownParameterError extends F(400, 'UNKNOWN_PARAMETER', {
  message: 'Parâmetro desconhecido.',
  description: 'Um parâmetro de consulta que a operação não conhece (cada um citado em errors).',
}) {
  constructor(names: string[]) {
    const list = names.map((name) => `"${name}"`).join(', ');
    super(Object.fromEntries(names.map((name) => [name, 'Parâmetro desconhecido.'])), `Parâmetro desconhecido: ${list}.`);
  }
}

/** A path the API declares, asked with a method it does not declare (RFC 9110 §15.5.6): Allow lists those it does. */
export class MethodNotAllowedError extends E(405, 'METHOD_NOT_ALLOWED', {
  message: 'Este método não é aceito neste endereço: veja o cabeçalho Allow.',
  description: 'O endereço existe, mas não aceita este método HTTP: o cabeçalho Allow lista os métodos que aceita.',
}) {
  /** The value of the Allow header: the path's methods, e.g. `GET, HEAD, OPTIONS`. */
  readonly allow: string;

  constructor(allow: readonly string[]) {
    super();
    this.allow = allow.join(', ');
  }
}

export class UnsupportedMediaTypeError extends E(415, 'UNSUPPORTED_MEDIA_TYPE', {
  message: 'Envie o corpo como JSON (Content-Type: application/json, em UTF-8).',
  description: 'O corpo não foi enviado como application/json (em UTF-8).',
}) {}

export class PayloadTooLargeError extends E(413, 'PAYLOAD_TOO_LARGE', {
  message: 'O corpo da requisição passa do limite de 1 MiB.',
  description: 'O corpo da requisição passa de 1 MiB.',
}) {}

/** An If-Match that names a version other than the current one (RFC 9110 §13.1.1). */
export class PreconditionFailedError extends E(412, 'PRECONDITION_FAILED', {
  message: 'O registro foi alterado desde a versão informada. Consulte-o novamente e reenvie a alteração.',
  description: 'O If-Match não é a ETag atual: o registro mudou desde a leitura. Consulte-o de novo e reenvie a alteração.',
}) {}

/** An Idempotency-Key already used for a different request by the same client. */
export class IdempotencyKeyReusedError extends E(422, 'IDEMPOTENCY_KEY_REUSED', {
  message: 'Esta chave de idempotência já foi usada em uma requisição diferente. Use uma chave nova para cada operação.',
  description: 'A Idempotency-Key já foi usada, nas últimas 24 horas, por esta integração numa requisição com outros dados.',
}) {}

export class ContratacaoHomologadaError extends E(
  409,
  'CONTRATACAO_HOMOLOGADA',
  {
    message: 'Os dados desta contratação já foram homologados pelo Tribunal e não podem ser alterados nem excluídos.',
    description: 'Os dados da contratação já foram homologados pelo Tribunal: não podem mais ser alterados nem excluídos.',
  },
  StateConflictError,
) {}

/** A change that would leave no active Sys Admin; the field named is the one that would do it (`ativo` or `isAdmin`). */
export class LastAdminError extends F(
  409,
  'LAST_ADMIN',
  {
    message:
      'Este é o último administrador do sistema ativo: ele não pode ser desativado nem deixar de ser administrador. Cadastre ou reative outro administrador antes.',
    description:
      'A alteração deixaria o sistema sem administrador ativo: o último não pode ser desativado nem deixar de ser administrador.',
  },
  FieldRuleError,
) {
  constructor(field: 'ativo' | 'isAdmin', message: string = LastAdminError.spec.message) {
    super({ [field]: message }, message);
  }
}

export class UgCycleError extends F(
  409,
  'UG_CYCLE',
  {
    message: 'A agregação formaria um ciclo.',
    description: 'A agregadora indicada está abaixo desta UG (ou é ela mesma): a agregação formaria um ciclo.',
  },
  FieldRuleError,
) {}

export class UgInUseError extends E(
  409,
  'UG_IN_USE',
  {
    message:
      'A unidade gestora tem membros, integrações, UGs agregadas ou dados e não pode ser excluída. Desative-a: as suas integrações deixam de funcionar.',
    description: 'A UG tem membros, integrações, UGs agregadas ou dados: não pode ser excluída; desative-a.',
  },
  StateConflictError,
) {}

export class UgTribunalError extends E(
  409,
  'UG_TRIBUNAL',
  {
    message: 'A unidade gestora do Tribunal não pode ser desativada nem excluída.',
    description: 'A UG do próprio Tribunal (a das integrações com o escopo admin) não pode ser desativada nem excluída.',
  },
  StateConflictError,
) {}

export class UgInactiveError extends E(
  409,
  'UG_INACTIVE',
  {
    message:
      'A unidade gestora está desativada: as suas integrações não obtêm tokens. Peça a um administrador do sistema que a reative antes de criar ou renovar integrações.',
    description: 'A unidade gestora está desativada: reative-a antes de criar ou renovar as suas integrações.',
  },
  StateConflictError,
) {}

export class UgGestorRequiredError extends E(
  409,
  'UG_GESTOR_REQUIRED',
  {
    message: 'Defina outro gestor antes de remover o gestor atual ou de torná-lo membro.',
    description: 'O gestor atual não pode ser removido nem deixar de ser gestor antes que outro gestor seja definido.',
  },
  StateConflictError,
) {}

/** `cidades demo` fills only a new database. */
export class DatabaseNotEmptyError extends E(
  409,
  'DATABASE_NOT_EMPTY',
  {
    message:
      'O banco de dados já tem unidades gestoras; `cidades demo` só preenche um banco novo. Aponte DATABASE_URL para um banco vazio.',
    description: 'O comando cidades demo só preenche um banco de dados sem unidades gestoras.',
  },
  StateConflictError,
) {}

/**
 * The database is away (stopped, restarting, or not answering within its timeouts): answered 503 with Retry-After
 * instead of an unexpected error, and logged once per outage (app/db/availability.ts).
 */
export class ServiceUnavailableError extends E(503, 'DATABASE_UNAVAILABLE', {
  message: 'Serviço temporariamente indisponível. Tente novamente em instantes.',
  description:
    'O banco de dados está temporariamente indisponível (parado, reiniciando ou sem responder): repita a requisição depois do tempo ' +
    'indicado em Retry-After (um POST com Idempotency-Key pode ser repetido sem risco de duplicar o registro).',
}) {
  /** Retry-After of every 503: a PostgreSQL restart or failover takes a few seconds. */
  static readonly retryAfterSeconds = 5;
}

/** What an unexpected error is answered with: only the request id, for the support to find it in the log. */
export class InternalError extends E(500, 'INTERNAL_ERROR', {
  message: 'Erro inesperado.',
  description: 'Erro inesperado: informe ao suporte o código da requisição, que vem em detail e no cabeçalho X-Request-Id.',
}) {
  constructor(requestId: string) {
    super(`Erro inesperado. Informe ao suporte o código ${requestId}.`);
  }
}
