import { z } from 'zod';
import type { AdminIntegration } from '../integrations/integrations-admin.repository.ts';
import { integrationChangesSchema } from '../integrations/integrations-admin.schemas.ts';
import { integrationCreateSchema, permissaoLabels, permissoes, secretViews } from '../integrations/integrations.schemas.ts';
import { jsonIdField, strictObject } from '../records/fields.ts';
import { apiSchemas } from './openapi.ts';
import { listEnvelope } from './pagination.ts';
import { codeList } from '../records/fields.ts';

const clientSecretField = z.string().meta({
  description:
    'O client secret: aparece somente na resposta que cria ou renova a integração (o servidor guarda apenas o seu hash). Guarde-o com segurança.',
  example: 'cds_4Vq9Yb1mJz8Kc2Rt7Hn3Lp6Wd5Xs0FgAeBiCuDoEyTw0SpXHQ',
});

const situacoes = ['ativa', 'bloqueada'] as const;

/** The current secret of the examples' key, in use. */
const exampleSecret = {
  atual: true,
  hint: 'cds_4Vq9…',
  criadoEm: '2026-11-20T13:05:00.000Z',
  ultimoUsoEm: '2026-11-24T13:05:00.000Z',
  ultimoUsoIp: '203.0.113.7',
  validoAte: null,
};

/** The same names as `cidades integration list --json`, plus the UG, the admin scope and the situação. */
const fields = {
  id: z.number().int().meta({ description: 'Id da integração (o `{id}` de `/v1/admin/integracoes/{id}`).', example: 7 }),
  clientId: z.string().meta({
    description: 'O client id, público: identifica a integração ao pedir tokens (`cid_` seguido de 22 letras e algarismos).',
    example: 'cid_3pQGFMQiQDqtxXWhMmA4U2',
  }),
  descricao: z
    .string()
    .meta({ description: 'Para que serve a integração (até 200 caracteres).', example: 'Sistema de folha de pagamento' }),
  ug: z
    .object({
      id: z.number().int().meta({ description: 'Id da unidade gestora.', example: 12 }),
      codigo: z.string().meta({ description: 'Código da unidade gestora no Tribunal.', example: '012E0100001' }),
      nome: z.string().meta({ description: 'Nome da unidade gestora.', example: 'Prefeitura Municipal de Vitória' }),
    })
    .meta({
      description: 'A unidade gestora da integração: os dados que ela consulta e envia são desta UG (e das agregadas, numa agregadora).',
      example: { id: 12, codigo: '012E0100001', nome: 'Prefeitura Municipal de Vitória' },
    }),
  permissao: z.enum(permissoes).meta({
    description: `O que a integração pode fazer: ${codeList(permissaoLabels)}. \`escrita\` inclui a consulta.`,
    example: 'leitura',
  }),
  admin: z.boolean().meta({ description: 'Se a integração tem o escopo `admin` (somente integrações da UG do Tribunal).', example: false }),
  situacao: z.enum(situacoes).meta({
    description:
      '`ativa` (obtém tokens com o seu segredo) ou `bloqueada` (bloqueada por um administrador do sistema: não obtém tokens, ' +
      'e os já emitidos deixam de valer). O mesmo que `bloqueada`, como texto.',
    example: 'ativa',
  }),
  bloqueada: z
    .boolean()
    .meta({ description: 'true se um administrador do sistema bloqueou a integração (`situacao: bloqueada`).', example: false }),
  bloqueioMotivo: z
    .string()
    .nullable()
    .meta({ description: 'Por que foi bloqueada; mostrado ao gestor da UG. null se a integração não está bloqueada.', example: null }),
  secretHint: z
    .string()
    .meta({ description: 'O início do segredo atual, para reconhecê-lo (nunca o segredo inteiro).', example: 'cds_4Vq9…' }),
  secretCreatedAt: z.iso.datetime().meta({
    description: 'Quando o segredo atual foi gerado (UTC): na criação ou na última renovação.',
    example: '2026-11-20T13:05:00.000Z',
  }),
  segredos: z
    .array(
      z.object({
        atual: z.boolean().meta({ description: 'true para o segredo atual (o primeiro); false para o anterior.', example: true }),
        hint: z.string().meta({ description: 'O início do segredo, para reconhecê-lo (nunca o segredo inteiro).', example: 'cds_4Vq9…' }),
        criadoEm: z.iso.datetime().meta({ description: 'Quando o segredo foi gerado (UTC).', example: '2026-11-20T13:05:00.000Z' }),
        ultimoUsoEm: z.iso.datetime().nullable().meta({
          description: 'Último token obtido com este segredo, em UTC (registrado no máximo uma vez por minuto); null se nunca foi usado.',
          example: '2026-11-24T13:05:00.000Z',
        }),
        ultimoUsoIp: z
          .string()
          .nullable()
          .meta({ description: 'O endereço IP desse último uso; null se nunca foi usado.', example: '203.0.113.7' }),
        validoAte: z.iso.datetime().nullable().meta({
          description:
            'Até quando o segredo vale (UTC): para o anterior, o fim da carência dada na renovação (ou a própria renovação, sem carência), no futuro enquanto ele ainda vale; null para o atual.',
          example: null,
        }),
      }),
    )
    .meta({
      description:
        'Os segredos da integração, o atual primeiro; depois de uma renovação, também o anterior, com o seu último uso, para ver quando os sistemas deixaram de usá-lo. No máximo dois.',
      example: [exampleSecret],
    }),
  createdAt: z.iso.datetime().meta({ description: 'Quando a integração foi criada (UTC).', example: '2026-11-20T13:05:00.000Z' }),
  createdByNome: z.string().meta({
    description:
      'Quem criou a integração, pelo nome que tinha então: um usuário do portal, `Integração cid_…` (pela API) ou `cidades (linha de comando)`.',
    example: 'Ana Gestora',
  }),
  lastUsedAt: z.iso.datetime().nullable().meta({
    description: 'Última emissão de token, em UTC (registrada no máximo uma vez por minuto); null se a integração nunca obteve um token.',
    example: '2026-11-24T13:05:00.000Z',
  }),
  lastUsedIp: z
    .string()
    .nullable()
    .meta({ description: 'O endereço IP da última emissão de token; null se a integração nunca obteve um token.', example: '203.0.113.7' }),
};

type AdminIntegracao = z.output<z.ZodObject<typeof fields>>;

/** The key of the examples: UG 12's payroll system, in use. */
const exampleIntegracao = {
  id: 7,
  clientId: 'cid_3pQGFMQiQDqtxXWhMmA4U2',
  descricao: 'Sistema de folha de pagamento',
  ug: { id: 12, codigo: '012E0100001', nome: 'Prefeitura Municipal de Vitória' },
  permissao: 'leitura',
  admin: false,
  situacao: 'ativa',
  bloqueada: false,
  bloqueioMotivo: null,
  secretHint: 'cds_4Vq9…',
  secretCreatedAt: '2026-11-20T13:05:00.000Z',
  segredos: [exampleSecret],
  createdAt: '2026-11-20T13:05:00.000Z',
  createdByNome: 'Ana Gestora',
  lastUsedAt: '2026-11-24T13:05:00.000Z',
  lastUsedIp: '203.0.113.7',
} satisfies AdminIntegracao;

export const adminIntegracaoSchema = z.object(fields).register(apiSchemas, {
  id: 'AdminIntegracao',
  description: 'Uma integração (chave de API) de qualquer UG, sem o segredo.',
  example: exampleIntegracao,
});

export const adminIntegracaoComSegredoSchema = z.object({ ...fields, clientSecret: clientSecretField }).register(apiSchemas, {
  id: 'AdminIntegracaoComSegredo',
  description: 'A integração criada, com o client secret (exibido somente agora).',
  example: {
    ...exampleIntegracao,
    clientSecret: 'cds_4Vq9Yb1mJz8Kc2Rt7Hn3Lp6Wd5Xs0FgAeBiCuDoEyTw0SpXHQ',
    createdByNome: 'Integração cid_7NbV2kXq9LmTr4Ws8YcZ1d',
    lastUsedAt: null,
    lastUsedIp: null,
  },
});

export const adminIntegracaoAlteradaSchema = z.object({ ...fields, clientSecret: clientSecretField.optional() }).register(apiSchemas, {
  id: 'AdminIntegracaoAlterada',
  description: 'A integração alterada; com `clientSecret` somente quando `renovarSegredo` foi pedido.',
  example: { ...exampleIntegracao, situacao: 'bloqueada', bloqueada: true, bloqueioMotivo: 'Segredo exposto em repositório público.' },
});

export const adminIntegracaoListSchema = listEnvelope(
  adminIntegracaoSchema,
  'AdminIntegracaoLista',
  'Uma página das integrações de todas as UGs.',
);

export const adminIntegracaoCreateBody = strictObject({
  ...integrationCreateSchema.shape,
  ugId: jsonIdField('Informe o id da unidade gestora.').meta({
    description: 'Id da unidade gestora da integração; inexistente: 404 NOT_FOUND; desativada: 409 UG_INACTIVE.',
    example: 12,
  }),
  admin: z.boolean({ error: 'Use true ou false.' }).optional().meta({
    description: 'Escopo `admin` (esta API de administração): somente na UG do Tribunal, senão 403 FORBIDDEN. Sem o campo: false.',
    example: false,
  }),
});

export const adminIntegracaoPatchBody = integrationChangesSchema.meta({
  description:
    'Somente os campos enviados mudam. `bloqueada: true` exige `motivo`; `renovarSegredo: true` devolve o novo segredo, uma única vez. ' +
    'Bloquear uma integração bloqueada, ou desbloquear uma ativa, não muda nada.',
  // What the refinement enforces, for the document's readers and validators: `bloqueada: true` requires `motivo`.
  // (The condition's property is described too: every property of the document is.)
  if: {
    properties: { bloqueada: { const: true, description: 'Um pedido de bloqueio (`bloqueada: true`) exige `motivo`.' } },
    required: ['bloqueada'],
  },
  then: { required: ['motivo'] },
});

export function toApi(i: AdminIntegration): z.input<typeof adminIntegracaoSchema> {
  return {
    id: i.id,
    clientId: i.clientId,
    descricao: i.descricao,
    ug: i.ug,
    permissao: i.permissao,
    admin: i.admin,
    situacao: i.bloqueada ? 'bloqueada' : 'ativa',
    bloqueada: i.bloqueada,
    bloqueioMotivo: i.bloqueioMotivo,
    secretHint: i.secretHint,
    secretCreatedAt: i.secretCreatedAt.toISOString(),
    segredos: secretViews(i),
    createdAt: i.createdAt.toISOString(),
    createdByNome: i.createdByNome,
    lastUsedAt: i.lastUsedAt?.toISOString() ?? null,
    lastUsedIp: i.lastUsedIp,
  };
}
