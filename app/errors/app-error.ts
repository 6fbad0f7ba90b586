/** Field-level validation messages (pt-BR), keyed by field name. */
export type FieldErrors = Record<string, string>;

/** The one error hierarchy: a stable upper-case code, an HTTP status, and whether the message may be shown. */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly expose: boolean;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.expose = status < 500;
  }
}

/** An error about particular fields of the input, each with its pt-BR message. */
export abstract class FieldsError extends AppError {
  readonly fields: FieldErrors;

  constructor(status: number, code: string, fields: FieldErrors, message: string) {
    super(status, code, message);
    this.fields = fields;
  }
}

export class ValidationError extends FieldsError {
  constructor(fields: FieldErrors, message = 'Verifique os campos destacados.') {
    super(422, 'VALIDATION_FAILED', fields, message);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Recurso não encontrado.') {
    super(404, 'NOT_FOUND', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Você não tem permissão para esta ação.') {
    super(403, 'FORBIDDEN', message);
  }
}

export class ConflictError extends FieldsError {
  constructor(fields: FieldErrors, message = 'Já existe um registro com estes dados.') {
    super(409, 'CONFLICT', fields, message);
  }
}

/** An action a blocked integração cannot take until a Sys Admin unblocks it (source document 004: "inactive"). */
export class IntegrationBlockedError extends AppError {
  constructor(message = 'A integração está bloqueada. Desbloqueie-a antes.') {
    super(409, 'INTEGRATION_BLOCKED', message);
  }
}

export class TooManyRequestsError extends AppError {
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'TOO_MANY_REQUESTS', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A missing, malformed, expired, foreign or revoked bearer token (RFC 6750 `invalid_token`). */
export class InvalidTokenError extends AppError {
  constructor(message: string) {
    super(401, 'INVALID_TOKEN', message);
  }
}

/** A valid token without the scope the operation needs (RFC 6750 `insufficient_scope`). */
export class InsufficientScopeError extends AppError {
  readonly scope: string;

  constructor(scope: string) {
    super(403, 'INSUFFICIENT_SCOPE', `Esta operação exige o escopo "${scope}".`);
    this.scope = scope;
  }
}

/** Request input the API cannot even read; each subclass names one stable code. */
export abstract class BadRequestError extends AppError {
  constructor(code: string, message: string) {
    super(400, code, message);
  }
}

export class MalformedJsonError extends BadRequestError {
  constructor() {
    super('MALFORMED_JSON', 'O corpo da requisição não é um JSON válido.');
  }
}

/** A cursor the server did not issue, or one altered on the way: its signature does not match. */
export class InvalidCursorError extends BadRequestError {
  constructor() {
    super('INVALID_CURSOR', 'O cursor é inválido. Use o valor de nextCursor da resposta anterior, sem alterá-lo.');
  }
}

/** Query parameters the operation does not know: silently ignoring them would hide a client's typo in a filter. */
export class UnknownParameterError extends FieldsError {
  constructor(names: string[]) {
    const list = names.map((name) => `"${name}"`).join(', ');
    super(400, 'UNKNOWN_PARAMETER', Object.fromEntries(names.map((name) => [name, 'Parâmetro desconhecido.'])), `Parâmetro desconhecido: ${list}.`);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor() {
    super(415, 'UNSUPPORTED_MEDIA_TYPE', 'Envie o corpo como JSON (Content-Type: application/json, em UTF-8).');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor() {
    super(413, 'PAYLOAD_TOO_LARGE', 'O corpo da requisição passa do limite de 1 MiB.');
  }
}

/** The record's state forbids the change (e.g. data the Tribunal has homologated); each state has its own code. */
export class StateConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/** An If-Match that names a version other than the current one (RFC 9110 §13.1.1). */
export class PreconditionFailedError extends AppError {
  constructor(message = 'O registro foi alterado desde a versão informada. Consulte-o novamente e reenvie a alteração.') {
    super(412, 'PRECONDITION_FAILED', message);
  }
}

/** An Idempotency-Key already used for a different request by the same client. */
export class IdempotencyKeyReusedError extends AppError {
  constructor(message = 'Esta chave de idempotência já foi usada em uma requisição diferente. Use uma chave nova para cada operação.') {
    super(422, 'IDEMPOTENCY_KEY_REUSED', message);
  }
}

/** A rule of the data refuses a field's value (e.g. an aggregation cycle): shown next to the field, with its own code. */
export class FieldRuleError extends FieldsError {
  constructor(code: string, fields: FieldErrors, message: string) {
    super(409, code, fields, message);
  }
}

/** A change that would leave no active Sys Admin; the field named is the one that would do it (`ativo` or `isAdmin`). */
export class LastAdminError extends FieldRuleError {
  constructor(field: 'ativo' | 'isAdmin', message: string) {
    super('LAST_ADMIN', { [field]: message }, message);
  }
}
