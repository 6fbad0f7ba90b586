import {
  BadRequestError,
  RequestHeadersTooLargeError,
  ConflictError,
  ContratacaoHomologadaError,
  errorSpec,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InsufficientScopeError,
  IntegrationBlockedError,
  InternalError,
  InvalidCursorError,
  InvalidTokenError,
  LastAdminError,
  MalformedJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  ServiceUnavailableError,
  UgCycleError,
  UgGestorRequiredError,
  UgInactiveError,
  UgInUseError,
  UgTribunalError,
  UnknownParameterError,
  UnsupportedMediaTypeError,
  ValidationError,
  type AppError,
} from '../errors/app-error.ts';

interface ErrorEntry {
  /** When a client gets this code, in pt-BR: the catalog's description. */
  description: string;
  /** A real instance: its status and body become the documented response and its example. */
  example: AppError;
}

function entriesOf<const T extends readonly AppError[]>(examples: T): Record<T[number]['code'], ErrorEntry> {
  return Object.fromEntries(
    examples.map((example) => [example.code, { description: errorSpec(example.code).description, example }]),
  ) as Record<T[number]['code'], ErrorEntry>;
}

/**
 * Every code an integrator can get from /api, each with an example; status and description come from the error
 * catalog (app/errors/app-error.ts). An operation's implied codes (token, scope, parameters, body) are added by the
 * registry; an operation lists only the codes of its own rules (e.g. CONFLICT).
 */
export const apiErrors = entriesOf([
  new InvalidTokenError('O token expirou. Obtenha um novo token.'),
  new InsufficientScopeError('leitura'),
  new NotFoundError(),
  new IntegrationBlockedError(),
  new BadRequestError(),
  new RequestHeadersTooLargeError(),
  new UnknownParameterError(['situacao']),
  new InvalidCursorError(),
  new MalformedJsonError(),
  new MethodNotAllowedError(['GET', 'HEAD', 'OPTIONS']),
  new UnsupportedMediaTypeError(),
  new PayloadTooLargeError(),
  new ValidationError({ limit: 'Informe um número inteiro de 1 a 500.' }),
  new ConflictError({ numeroProcesso: 'Já existe um registro com estes dados.' }),
  new ForbiddenError('Esta integração só pode alterar as contratações da própria unidade gestora.'),
  new PreconditionFailedError(),
  new ContratacaoHomologadaError(),
  new IdempotencyKeyReusedError(),
  new LastAdminError('ativo'),
  new UgCycleError({ agregadoraId: 'A UG 012E0100001 já está abaixo desta UG: ela não pode ser a agregadora.' }),
  new UgInUseError(),
  new UgTribunalError(),
  new UgInactiveError(),
  new UgGestorRequiredError(),
  new InternalError('3f0c2a9e-…'),
  new ServiceUnavailableError(),
]);

export type ApiErrorCode = keyof typeof apiErrors;

/** One row per code of /api, by status: the table of the "Documentação da API" page and README's. */
export function apiErrorTable(): Array<{ status: number; code: string; description: string }> {
  return Object.values<ErrorEntry>(apiErrors)
    .map(({ example, description }) => ({ status: example.status, code: example.code, description }))
    .sort((a, b) => a.status - b.status);
}
