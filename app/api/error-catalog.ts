import {
  AppError,
  ConflictError,
  FieldRuleError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  InsufficientScopeError,
  IntegrationBlockedError,
  InvalidCursorError,
  LastAdminError,
  InvalidTokenError,
  MalformedJsonError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  StateConflictError,
  UnknownParameterError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors/app-error.ts';

interface ErrorEntry {
  /** When a client gets this code, in pt-BR, for the OpenAPI document. */
  description: string;
  /** A real instance: its status and body become the documented response and its example. */
  example: AppError;
}

/**
 * Every stable error code of /api, documented once. An operation's implied codes (token, scope, parameters, body)
 * are added by the registry; an operation lists only the codes of its own rules (e.g. CONFLICT).
 */
export const apiErrors = {
  INVALID_TOKEN: {
    description: 'Token ausente, malformado, expirado, de outro emissor ou de uma integração renovada, excluída ou bloqueada.',
    example: new InvalidTokenError('O token expirou. Obtenha um novo token.'),
  },
  INSUFFICIENT_SCOPE: { description: 'O token não tem o escopo exigido.', example: new InsufficientScopeError('leitura') },
  NOT_FOUND: {
    description: 'O registro não existe ou não é visível para a integração (o registro de outra UG responde igual a um inexistente).',
    example: new NotFoundError(),
  },
  INTEGRATION_BLOCKED: {
    description: 'A integração está bloqueada: desbloqueie-a antes (a resposta "inativa" do documento de origem).',
    example: new IntegrationBlockedError('A integração está bloqueada: desbloqueie-a antes de renovar o segredo.'),
  },
  UNKNOWN_PARAMETER: { description: 'Um parâmetro de consulta que a operação não conhece.', example: new UnknownParameterError(['situacao']) },
  INVALID_CURSOR: { description: 'O cursor não foi emitido pelo servidor ou foi alterado.', example: new InvalidCursorError() },
  MALFORMED_JSON: { description: 'O corpo não é um JSON válido.', example: new MalformedJsonError() },
  UNSUPPORTED_MEDIA_TYPE: { description: 'O corpo não foi enviado como application/json.', example: new UnsupportedMediaTypeError() },
  PAYLOAD_TOO_LARGE: { description: 'O corpo passa de 1 MiB.', example: new PayloadTooLargeError() },
  VALIDATION_FAILED: {
    description: 'Parâmetros ou corpo inválidos; `errors` lista cada campo (caminho e mensagem).',
    example: new ValidationError({ limit: 'Informe um número inteiro de 1 a 500.' }),
  },
  CONFLICT: { description: 'Já existe um registro com estes dados.', example: new ConflictError({ numeroProcesso: 'Já existe um registro com estes dados.' }) },
  FORBIDDEN: {
    description:
      'A operação não é permitida para estes dados: uma integração vê os registros das UGs sob a sua agregadora, mas só altera os da própria UG; ' +
      'o escopo admin só é concedido na UG do Tribunal.',
    example: new ForbiddenError('Esta integração só pode alterar as contratações da própria unidade gestora.'),
  },
  PRECONDITION_FAILED: {
    description: 'O If-Match não é a ETag atual: o registro mudou desde a leitura. Consulte-o de novo e reenvie a alteração.',
    example: new PreconditionFailedError(),
  },
  CONTRATACAO_HOMOLOGADA: {
    description: 'Os dados da contratação já foram homologados pelo Tribunal: não podem mais ser alterados nem excluídos.',
    example: new StateConflictError(
      'CONTRATACAO_HOMOLOGADA',
      'Os dados desta contratação já foram homologados pelo Tribunal e não podem ser alterados nem excluídos.',
    ),
  },
  IDEMPOTENCY_KEY_REUSED: {
    description: 'A Idempotency-Key já foi usada, nas últimas 24 horas, por esta integração numa requisição com outros dados.',
    example: new IdempotencyKeyReusedError(),
  },
  LAST_ADMIN: {
    description: 'A alteração deixaria o sistema sem administrador ativo: o último não pode ser desativado nem deixar de ser administrador.',
    example: new LastAdminError('ativo', 'Este é o último administrador do sistema ativo: ele não pode ser desativado nem deixar de ser administrador. Cadastre ou reative outro administrador antes.'),
  },
  UG_CYCLE: {
    description: 'A agregadora indicada está abaixo desta UG (ou é ela mesma): a agregação formaria um ciclo.',
    example: new FieldRuleError('UG_CYCLE', { agregadoraId: 'A UG 012E0100001 já está abaixo desta UG: ela não pode ser a agregadora.' }, 'A agregação formaria um ciclo.'),
  },
  UG_IN_USE: {
    description: 'A UG tem membros, integrações, UGs agregadas ou dados: não pode ser excluída; desative-a.',
    example: new StateConflictError('UG_IN_USE', 'A unidade gestora tem membros, integrações ou dados e não pode ser excluída. Desative-a.'),
  },
  UG_TRIBUNAL: {
    description: 'A UG do próprio Tribunal (a das integrações com o escopo admin) não pode ser desativada nem excluída.',
    example: new StateConflictError('UG_TRIBUNAL', 'A unidade gestora do Tribunal não pode ser desativada: as integrações de administração deixariam de funcionar.'),
  },
  UG_INACTIVE: {
    description: 'A unidade gestora está desativada (a resposta "inativa" do documento de origem): reative-a antes de criar ou renovar as suas integrações.',
    example: new StateConflictError('UG_INACTIVE', 'A unidade gestora está desativada: as suas integrações não obtêm tokens. Peça a um administrador do sistema que a reative antes de criar ou renovar integrações.'),
  },
  UG_GESTOR_REQUIRED: {
    description: 'O gestor atual não pode ser removido nem deixar de ser gestor antes que outro gestor seja definido.',
    example: new StateConflictError('UG_GESTOR_REQUIRED', 'Ana Gestora é o gestor atual: defina outro gestor antes de removê-la.'),
  },
  INTERNAL_ERROR: {
    description: 'Erro inesperado; informe ao suporte o código da requisição (X-Request-Id).',
    example: new AppError(500, 'INTERNAL_ERROR', 'Erro inesperado. Informe ao suporte o código 3f0c2a9e-….'),
  },
} satisfies Record<string, ErrorEntry>;

export type ApiErrorCode = keyof typeof apiErrors;
